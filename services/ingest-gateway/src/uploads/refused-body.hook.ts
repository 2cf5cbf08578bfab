import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';

const DRAIN_LIMIT = 1024 * 1024;

/**
 * When an upload is refused before its body was read (401, 415, 429, …), a small body is drained
 * so the client reads the problem response on a healthy connection; a large one is not read at
 * all: the connection is closed after the response instead.
 */
export function registerRefusedBodyHook(fastify: FastifyInstance): void {
  fastify.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode < 400) return payload;
    const body = request.body as Readable | undefined;
    if (!body || typeof body.resume !== 'function' || body.readableEnded || body.destroyed)
      return payload;
    const declared = Number(request.headers['content-length'] ?? Number.NaN);
    if (Number.isFinite(declared) && declared <= DRAIN_LIMIT) body.resume();
    else void reply.header('connection', 'close');
    return payload;
  });
}
