import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { problem } from '@tributary/platform';
import type { FastifyRequest } from 'fastify';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { bearerToken, secretsEqual } from './api-key';

/** The control plane answers only to the admin credential. */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

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
