import { HttpException } from '@nestjs/common';

/** RFC 9457 problem details. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly instance?: string;
  readonly [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const TYPE_BASE = 'https://tributary.dev/problems/';

/** An HTTP error carrying a problem body; thrown by controllers, rendered by the filter. */
export class ProblemException extends HttpException {
  constructor(
    status: number,
    readonly problemType: string,
    title: string,
    detail?: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super({ title, detail }, status);
  }

  toProblem(instance?: string): ProblemDetails {
    const body = this.getResponse() as { title: string; detail?: string };
    return {
      type: `${TYPE_BASE}${this.problemType}`,
      title: body.title,
      status: this.getStatus(),
      ...(body.detail ? { detail: body.detail } : {}),
      ...(instance ? { instance } : {}),
      ...this.extensions,
    };
  }
}

export const problem = {
  badRequest: (type: string, detail: string, ext?: Record<string, unknown>) =>
    new ProblemException(400, type, 'Bad Request', detail, ext),
  unauthorized: (detail: string) =>
    new ProblemException(401, 'unauthorized', 'Unauthorized', detail),
  forbidden: (detail: string) => new ProblemException(403, 'forbidden', 'Forbidden', detail),
  notFound: (type: string, detail: string) => new ProblemException(404, type, 'Not Found', detail),
  conflict: (type: string, detail: string, ext?: Record<string, unknown>) =>
    new ProblemException(409, type, 'Conflict', detail, ext),
  payloadTooLarge: (detail: string, ext?: Record<string, unknown>) =>
    new ProblemException(413, 'payload-too-large', 'Payload Too Large', detail, ext),
  unsupportedMediaType: (detail: string, ext?: Record<string, unknown>) =>
    new ProblemException(415, 'unsupported-media-type', 'Unsupported Media Type', detail, ext),
  unprocessable: (type: string, detail: string, ext?: Record<string, unknown>) =>
    new ProblemException(422, type, 'Unprocessable Content', detail, ext),
  tooManyRequests: (detail: string, retryAfterSeconds: number) =>
    new ProblemException(429, 'rate-limited', 'Too Many Requests', detail, { retryAfterSeconds }),
  unavailable: (detail: string) =>
    new ProblemException(503, 'dependency-unavailable', 'Service Unavailable', detail),
};
