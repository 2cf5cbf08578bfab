import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { PipelineStateRecord, RunRecord } from '@tributary/contracts';
import { AdminGuard } from '../auth/admin.guard';
import { parseBody } from '../admin/parse-body';
import { assertSourceIdParam } from '../admin/sources.controller';
import { ManageRunsUseCase } from './manage-runs.usecase';
import { ReplayUseCase } from './replay.usecase';
import { backfillSchema, replaySchema } from './run-request.schemas';

@ApiTags('control plane: runs')
@UseGuards(AdminGuard)
@Controller('v1/admin/sources/:sourceId')
export class RunsController {
  constructor(
    @Inject(ManageRunsUseCase) private readonly runs: ManageRunsUseCase,
    @Inject(ReplayUseCase) private readonly replay: ReplayUseCase,
  ) {}

  @Post('runs')
  @HttpCode(202)
  @ApiOperation({ summary: 'Request a promotion run now; answers the run id' })
  trigger(@Param('sourceId') sourceId: string): Promise<{ runId: string; state: string }> {
    return this.runs.trigger(assertSourceIdParam(sourceId));
  }

  @Get('runs')
  @ApiOperation({ summary: "A source's runs, newest last" })
  list(@Param('sourceId') sourceId: string, @Query('limit') limit?: string): Promise<RunRecord[]> {
    return this.runs.list(
      assertSourceIdParam(sourceId),
      Math.min(500, Math.max(1, Number(limit ?? 50) || 50)),
    );
  }

  @Get('runs/:runId')
  @ApiOperation({ summary: 'One run: plan, counts, partitions, gate checks, warnings' })
  get(@Param('sourceId') sourceId: string, @Param('runId') runId: string): Promise<RunRecord> {
    return this.runs.get(assertSourceIdParam(sourceId), runId);
  }

  @Get('pipeline')
  @ApiOperation({
    summary: 'The pipeline state: IDLE, RUN_REQUESTED, RUNNING, PAUSE_REQUESTED, PAUSED, FAILED',
  })
  state(@Param('sourceId') sourceId: string): Promise<PipelineStateRecord> {
    return this.runs.state(assertSourceIdParam(sourceId));
  }

  @Post('pause')
  @HttpCode(202)
  @ApiOperation({ summary: 'Pause a running promotion between batches' })
  pause(@Param('sourceId') sourceId: string): Promise<PipelineStateRecord> {
    return this.runs.pause(assertSourceIdParam(sourceId));
  }

  @Post('resume')
  @HttpCode(202)
  @ApiOperation({ summary: 'Resume a paused pipeline where it stopped' })
  resume(@Param('sourceId') sourceId: string): Promise<PipelineStateRecord> {
    return this.runs.resume(assertSourceIdParam(sourceId));
  }

  @Post('reset')
  @HttpCode(202)
  @ApiOperation({ summary: 'Return a FAILED pipeline to IDLE' })
  reset(@Param('sourceId') sourceId: string): Promise<PipelineStateRecord> {
    return this.runs.reset(assertSourceIdParam(sourceId));
  }

  @Post('backfills')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Rewrite the partitions of a date range in a new _BACKFILL run (late data included)',
  })
  backfill(
    @Param('sourceId') sourceId: string,
    @Body() body: unknown,
  ): Promise<{ runId: string; state: string; dates: string[] }> {
    const { from, to } = parseBody(backfillSchema, body);
    return this.runs.backfill(assertSourceIdParam(sourceId), from, to);
  }

  @Post('replays')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Replay file-landed from a timestamp (dedicated consumer group) and backfill the dates it names',
  })
  replayFrom(
    @Param('sourceId') sourceId: string,
    @Body() body: unknown,
  ): Promise<{ runId: string | null; dates: string[]; events: number }> {
    const { since, until } = parseBody(replaySchema, body);
    return this.replay.execute(
      assertSourceIdParam(sourceId),
      new Date(since),
      until ? new Date(until) : undefined,
    );
  }
}
