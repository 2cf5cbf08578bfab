import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import { PreconditionFailedError, TributaryError } from '@tributary/ports';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails, ProblemException } from './problem';

/** Every HTTP error leaves as RFC 9457 problem+json; nothing internal leaks into the body. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const body = this.toProblem(exception, request.url);
    if (body.status >= 500)
      this.logger.error({ err: exception, url: request.url }, 'request failed');
    const retryAfter = body.retryAfterSeconds;
    if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
    if (body.status === 503) void reply.header('retry-after', '5');
    void reply.status(body.status).header('content-type', PROBLEM_CONTENT_TYPE).send(body);
  }

  private toProblem(exception: unknown, instance: string): ProblemDetails {
    if (exception instanceof ProblemException) return exception.toProblem(instance);
    if (exception instanceof PreconditionFailedError) {
      return {
        type: 'https://tributary.dev/problems/conflict',
        title: 'Conflict',
        status: 409,
        detail: exception.message,
        instance,
      };
    }
    if (exception instanceof TributaryError && exception.retriable) {
      return {
        type: 'https://tributary.dev/problems/dependency-unavailable',
        title: 'Service Unavailable',
        status: 503,
        detail: 'a dependency is unavailable; retrying is safe',
        instance,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const message =
        typeof response === 'string' ? response : (response as { message?: unknown }).message;
      const detail = typeof message === 'string' ? message : exception.message;
      return {
        type: 'about:blank',
        title: exception.name.replace(/Exception$/, ''),
        status,
        detail,
        instance,
      };
    }
    const fastifyStatus = (exception as { statusCode?: number }).statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      const titles: Record<number, [string, string]> = {
        413: ['payload-too-large', 'Payload Too Large'],
        415: ['unsupported-media-type', 'Unsupported Media Type'],
      };
      const [type, title] = titles[fastifyStatus] ?? [undefined, 'Bad Request'];
      return {
        type: type ? `https://tributary.dev/problems/${type}` : 'about:blank',
        title,
        status: fastifyStatus,
        detail: (exception as Error).message,
        instance,
      };
    }
    return { type: 'about:blank', title: 'Internal Server Error', status: 500, instance };
  }
}
