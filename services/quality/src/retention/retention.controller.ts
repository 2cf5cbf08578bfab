import { Body, Controller, HttpCode, Inject, Param, Post, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { AdminGuard } from '../admin/admin.guard';
import { assertSourceIdParam, parseInput } from '../admin/request-input';
import { type RetentionResult, RetentionUseCase } from './retention.usecase';

const retentionSchema = z.object({ dryRun: z.boolean() }).strict();

@UseGuards(AdminGuard)
@Controller('v1/admin/sources/:sourceId')
export class RetentionController {
  constructor(@Inject(RetentionUseCase) private readonly retention: RetentionUseCase) {}

  /** `{ "dryRun": true }` lists the unreferenced runs; `false` deletes them. */
  @Post('retention')
  @HttpCode(200)
  run(@Param('sourceId') sourceId: string, @Body() body: unknown): Promise<RetentionResult> {
    const { dryRun } = parseInput(retentionSchema, body);
    return this.retention.execute(assertSourceIdParam(sourceId), dryRun);
  }
}
