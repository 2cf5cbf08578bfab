import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { READINESS_CHECKS } from '../lifecycle/tokens';
import { type ReadinessCheck, runReadinessChecks } from './readiness';

@Controller('health')
export class HealthController {
  constructor(@Inject(READINESS_CHECKS) private readonly checks: readonly ReadinessCheck[]) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** 200 only when every dependency (Kafka, S3, DynamoDB, …) answers. */
  @Get('ready')
  async ready(@Res() reply: FastifyReply): Promise<void> {
    const report = await runReadinessChecks(this.checks);
    await reply.status(report.ready ? 200 : 503).send(report);
  }
}
