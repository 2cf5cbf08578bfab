import { Controller, HttpCode, Inject, Param, Post, UseGuards } from '@nestjs/common';
import { LOGGER, type Logger, problem } from '@tributary/platform';
import { TerminalError } from '@tributary/ports';
import { AdminGuard } from '../admin/admin.guard';
import { assertRunIdParam, assertSourceIdParam } from '../admin/request-input';
import { type GateResult, GateRunUseCase } from './gate-run.usecase';

/**
 * Gates a COMPLETED run on request, exactly as a `run-completed` event would: for a run whose
 * event was dead-lettered, or to decide a run without waiting for the consumer. Idempotent.
 */
@UseGuards(AdminGuard)
@Controller('v1/admin/sources/:sourceId/runs/:runId')
export class GateController {
  constructor(
    @Inject(GateRunUseCase) private readonly gate: GateRunUseCase,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Post('gate')
  @HttpCode(200)
  async gateRun(
    @Param('sourceId') sourceId: string,
    @Param('runId') runId: string,
  ): Promise<GateResult & { sourceId: string; runId: string }> {
    assertSourceIdParam(sourceId);
    assertRunIdParam(runId);
    try {
      return { sourceId, runId, ...(await this.gate.execute(sourceId, runId, this.logger)) };
    } catch (error) {
      if (error instanceof TerminalError) {
        if (error.code === 'RUN_UNKNOWN' || error.code === 'SOURCE_UNKNOWN')
          throw problem.notFound('run-not-found', error.message);
        if (error.code === 'RUN_NOT_COMPLETED')
          throw problem.conflict('run-not-completed', error.message);
      }
      throw error;
    }
  }
}
