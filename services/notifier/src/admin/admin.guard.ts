import { createHash, timingSafeEqual } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { problem } from '@tributary/platform';
import type { FastifyRequest } from 'fastify';
import { NOTIFIER_CONFIG, type NotifierConfig } from '../notifier.config';

/** The delivery-log queries answer only to the admin credential. */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(@Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const token = bearerToken(request.headers.authorization);
    if (!token)
      throw problem.unauthorized('missing bearer token: send Authorization: Bearer <admin token>');
    if (!secretsEqual(token, this.config.adminToken))
      throw problem.unauthorized('invalid admin token');
    return true;
  }
}

/** Constant-time comparison of two secrets of possibly different lengths. */
export function secretsEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}

export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value ?? '');
  return match?.[1];
}
