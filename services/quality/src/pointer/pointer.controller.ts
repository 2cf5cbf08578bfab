import { Body, Controller, Get, HttpCode, Inject, Param, Post, UseGuards } from '@nestjs/common';
import type { LatestPointer } from '@tributary/contracts';
import { z } from 'zod';
import { AdminGuard } from '../admin/admin.guard';
import { assertSourceIdParam, parseInput } from '../admin/request-input';
import { type RollbackResult, RollbackUseCase } from './rollback.usecase';

const rollbackSchema = z.union([
  z.object({ toRevision: z.number().int().min(1) }).strict(),
  z.object({ steps: z.number().int().min(1).max(10_000) }).strict(),
]);

@UseGuards(AdminGuard)
@Controller('v1/admin/sources/:sourceId')
export class PointerController {
  constructor(@Inject(RollbackUseCase) private readonly rollbacks: RollbackUseCase) {}

  /** The published table state and the earlier ones kept for rollback (newest first). */
  @Get('pointer')
  async pointer(@Param('sourceId') sourceId: string): Promise<LatestPointer & { etag: string }> {
    const { pointer, etag } = await this.rollbacks.current(assertSourceIdParam(sourceId));
    return { ...pointer, etag };
  }

  /** `{ "toRevision": n }` or `{ "steps": n }` (1 = the state before the current one). */
  @Post('rollback')
  @HttpCode(200)
  rollback(@Param('sourceId') sourceId: string, @Body() body: unknown): Promise<RollbackResult> {
    const target = parseInput(rollbackSchema, body);
    return this.rollbacks.rollback(assertSourceIdParam(sourceId), target);
  }
}
