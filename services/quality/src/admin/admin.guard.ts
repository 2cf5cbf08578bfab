import { createHash, timingSafeEqual } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { problem } from '@tributary/platform';
import type { FastifyRequest } from 'fastify';
import { QUALITY_CONFIG, type QualityConfig } from '../quality.config';

/** The quality admin API answers only to the admin credential. */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(@Inject(QUALITY_CONFIG) private readonly config: QualityConfig) {}

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
function secretsEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}

function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return /^Bearer\s+(\S+)\s*$/i.exec(value ?? '')?.[1];
}
