import type { FastifyError, FastifyInstance } from 'fastify';
import { PROBLEM_CONTENT_TYPE } from './problem';

/** Errors raised by Fastify itself (body parsing, limits, timeouts) also leave as problem+json. */
export function registerFastifyProblemHandler(fastify: FastifyInstance): void {
  fastify.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    const title =
      status === 413
        ? 'Payload Too Large'
        : status === 415
          ? 'Unsupported Media Type'
          : status >= 500
            ? 'Internal Server Error'
            : 'Bad Request';
    void reply
      .status(status)
      .header('content-type', PROBLEM_CONTENT_TYPE)
      .send({
        type: 'about:blank',
        title,
        status,
        detail: status >= 500 ? undefined : error.message,
        instance: request.url,
      });
  });
}
