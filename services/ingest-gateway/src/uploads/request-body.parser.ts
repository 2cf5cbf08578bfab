import type { FastifyInstance, FastifyRequest } from 'fastify';

const UPLOAD_ROUTE = /^\/v1\/sources\/[^/?]+\/files\/?(\?|$)/;
const JSON_BODY_LIMIT = 1024 * 1024;

/**
 * Upload bodies stay raw streams (memory flat whatever the size); every other body is JSON for
 * the control plane, read up to a small limit.
 */
export function registerRequestBodyParser(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', (request: FastifyRequest, payload, done) => {
    if (request.method === 'POST' && UPLOAD_ROUTE.test(request.url)) {
      done(null, payload);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    payload.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > JSON_BODY_LIMIT) {
        payload.destroy();
        done(
          Object.assign(new Error(`JSON body over ${JSON_BODY_LIMIT} bytes`), { statusCode: 413 }),
          undefined,
        );
        return;
      }
      chunks.push(chunk);
    });
    payload.on('error', (error) => done(error, undefined));
    payload.on('end', () => {
      if (size > JSON_BODY_LIMIT) return;
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return done(null, undefined);
      const mediaType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (mediaType !== 'application/json') {
        done(
          Object.assign(new Error('the control plane takes application/json'), { statusCode: 415 }),
          undefined,
        );
        return;
      }
      try {
        done(null, JSON.parse(text));
      } catch {
        done(Object.assign(new Error('body is not valid JSON'), { statusCode: 400 }), undefined);
      }
    });
  });
}
