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
import { isRunId, isUlid } from '@tributary/contracts';
import { SourceRepository } from '@tributary/metadata';
import { problem } from '@tributary/platform';
import { z } from 'zod';
import { AdminGuard } from '../admin/admin.guard';
import { assertSourceIdParam, parseInput } from '../admin/request-input';
import { QUALITY_CONFIG, type QualityConfig } from '../quality.config';
import { alreadyResubmitted, rowRef } from '@tributary/domain';
import { QuarantineRowsReader, type RowZone, type StoredRow } from './quarantine-rows.reader';
import { type ResubmitResult, ResubmitRowsUseCase } from './resubmit-rows.usecase';

const runIdSchema = z
  .string()
  .refine(isRunId, { message: 'must be a run id (20260121T120000Z-xxxxxxxx)' });

const listQuery = z
  .object({
    runId: runIdSchema.optional(),
    limit: z.coerce
      .number({ message: 'must be a number' })
      .int({ message: 'must be an integer' })
      .min(1, { message: 'must be 1..1000' })
      .max(1000, { message: 'must be 1..1000' })
      .default(100),
  })
  .strict();

function selectionBody(maxRows: number) {
  return z
    .object({
      runId: runIdSchema,
      rows: z
        .array(
          z
            .object({
              fileId: z.string().refine(isUlid, { message: 'must be a file id (ULID)' }),
              rowPosition: z.number().int().min(0),
              values: z.record(z.string(), z.unknown()).optional(),
            })
            .strict(),
        )
        .min(1, { message: 'name at least one row' })
        .max(maxRows, { message: `at most ${maxRows} rows at once` }),
    })
    .strict();
}

export interface RowView extends StoredRow {
  /** The retry file that already re-submitted this row, if any. */
  readonly resubmittedIn: string | null;
}

/** The quarantine workflow: review rows set aside, send them back, approve condemned ones. */
@UseGuards(AdminGuard)
@Controller('v1/admin/sources/:sourceId')
export class QuarantineController {
  constructor(
    @Inject(QuarantineRowsReader) private readonly reader: QuarantineRowsReader,
    @Inject(ResubmitRowsUseCase) private readonly resubmits: ResubmitRowsUseCase,
    @Inject(SourceRepository) private readonly sources: SourceRepository,
    @Inject(QUALITY_CONFIG) private readonly config: QualityConfig,
  ) {}

  @Get('quarantine')
  quarantined(
    @Param('sourceId') sourceId: string,
    @Query() query: unknown,
  ): Promise<{ items: RowView[] }> {
    return this.list('quarantine', sourceId, query);
  }

  @Post('quarantine/resubmit')
  @HttpCode(201)
  resubmit(@Param('sourceId') sourceId: string, @Body() body: unknown): Promise<ResubmitResult> {
    const parsed = parseInput(selectionBody(this.config.maxResubmitRows), body);
    return this.resubmits.resubmit({ sourceId: assertSourceIdParam(sourceId), ...parsed });
  }

  @Get('quarantine/condemned')
  condemned(
    @Param('sourceId') sourceId: string,
    @Query() query: unknown,
  ): Promise<{ items: RowView[] }> {
    return this.list('condemned', sourceId, query);
  }

  @Post('quarantine/condemned/approve')
  @HttpCode(201)
  approve(@Param('sourceId') sourceId: string, @Body() body: unknown): Promise<ResubmitResult> {
    const parsed = parseInput(selectionBody(this.config.maxResubmitRows), body);
    return this.resubmits.approve({ sourceId: assertSourceIdParam(sourceId), ...parsed });
  }

  private async list(
    zone: RowZone,
    sourceId: string,
    query: unknown,
  ): Promise<{ items: RowView[] }> {
    assertSourceIdParam(sourceId);
    const { runId, limit } = parseInput(listQuery, query, 'query');
    if (!(await this.sources.get(sourceId)))
      throw problem.notFound('source-not-found', `no source ${sourceId}`);
    const rows = await this.reader.list(zone, sourceId, runId, limit);
    const resubmissions = await this.reader.resubmissions(sourceId);
    const items = rows.map((row): RowView => {
      const latest = resubmissions.get(rowRef(row));
      return { ...row, resubmittedIn: alreadyResubmitted(latest, row) ? latest!.fileId : null };
    });
    return { items };
  }
}
