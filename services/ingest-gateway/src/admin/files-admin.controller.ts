import { Controller, Get, HttpCode, Inject, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { FILE_STATUS, type FileRecord, isUlid } from '@tributary/contracts';
import { FileLedgerRepository } from '@tributary/metadata';
import { EventBus, problem } from '@tributary/platform';
import { CLOCK, type Clock, PreconditionFailedError } from '@tributary/ports';
import { AdminGuard } from '../auth/admin.guard';
import { FileStatusReader } from '../uploads/file-status.reader';
import type { FileStatusView } from '../uploads/file-status.view';
import { publishFileLanded } from '../uploads/publish-file-landed';
import { assertSourceIdParam } from './sources.controller';

@ApiTags('control plane: files')
@UseGuards(AdminGuard)
@Controller('v1/admin/sources/:sourceId/files')
export class FilesAdminController {
  constructor(
    @Inject(FileLedgerRepository) private readonly files: FileLedgerRepository,
    @Inject(FileStatusReader) private readonly statusReader: FileStatusReader,
    @Inject(EventBus) private readonly events: EventBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({ summary: "A source's files, optionally by status" })
  async list(
    @Param('sourceId') sourceId: string,
    @Query('status') status?: string,
    @Query('limit') limit?: string,
  ): Promise<FileStatusView[]> {
    assertSourceIdParam(sourceId);
    if (status !== undefined && !(FILE_STATUS as readonly string[]).includes(status)) {
      throw problem.badRequest('invalid-status', `status must be one of ${FILE_STATUS.join(', ')}`);
    }
    const max = limit === undefined ? 1000 : Number(limit);
    const files = (await this.files.list(sourceId))
      .map((f) => f.record)
      .filter((f) => status === undefined || f.status === status);
    return Promise.all(files.slice(-max).map((f) => this.statusReader.view(f)));
  }

  @Get(':fileId')
  @ApiOperation({ summary: "One file's lifecycle, as the control plane sees it" })
  async show(
    @Param('sourceId') sourceId: string,
    @Param('fileId') fileId: string,
  ): Promise<FileStatusView> {
    return this.statusReader.view(await this.load(sourceId, fileId));
  }

  @Post(':fileId/resubmit')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Profile a dead-lettered file again (after the source was fixed); the original never left the raw zone',
  })
  async resubmit(
    @Param('sourceId') sourceId: string,
    @Param('fileId') fileId: string,
  ): Promise<FileStatusView> {
    const current = await this.files.get(assertSourceIdParam(sourceId), fileId);
    if (!current)
      throw problem.notFound('file-not-found', `no file ${fileId} for source ${sourceId}`);
    if (current.record.status !== 'DEAD_LETTERED' && current.record.status !== 'QUARANTINED') {
      throw problem.conflict(
        'not-dead-lettered',
        `file ${fileId} is ${current.record.status}; only DEAD_LETTERED or QUARANTINED files can be re-submitted`,
      );
    }
    const next: FileRecord = {
      ...current.record,
      status: 'LANDED',
      reason: `re-submitted after: ${current.record.reason ?? current.record.status}`,
      runId: null,
      eventIds: {},
      updatedAt: this.clock.now().toISOString(),
    };
    try {
      await this.files.update(next, current.revision);
    } catch (error) {
      if (error instanceof PreconditionFailedError)
        throw problem.conflict('concurrent-change', 'the file changed; retry');
      throw error;
    }
    await publishFileLanded(this.events, next, { redelivery: true });
    return this.statusReader.view(next);
  }

  private async load(sourceId: string, fileId: string): Promise<FileRecord> {
    assertSourceIdParam(sourceId);
    if (!isUlid(fileId)) throw problem.badRequest('invalid-file-id', 'file id must be a ULID');
    const file = await this.files.get(sourceId, fileId);
    if (!file) throw problem.notFound('file-not-found', `no file ${fileId} for source ${sourceId}`);
    return file.record;
  }
}
