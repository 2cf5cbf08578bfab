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
import type { DriftDiff, SchemaHeadRecord, SchemaVersionRecord } from '@tributary/contracts';
import { diffVersions } from '@tributary/domain';
import { SchemaVersionRepository } from '@tributary/metadata';
import { problem } from '@tributary/platform';
import { AdminGuard } from '../auth/admin.guard';
import { parseBody } from './parse-body';
import { resolveSchema } from './resolve.schema';
import { ResolveBreakingUseCase, type ResolveResult } from './resolve-breaking.usecase';
import { assertSourceIdParam } from './sources.controller';

function versionNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw problem.badRequest('invalid-version', 'version must be a positive integer');
  return n;
}

@ApiTags('control plane: schemas')
@UseGuards(AdminGuard)
@Controller('v1/admin/sources/:sourceId/schemas')
export class SchemasController {
  constructor(
    @Inject(SchemaVersionRepository) private readonly versions: SchemaVersionRepository,
    @Inject(ResolveBreakingUseCase) private readonly resolveBreaking: ResolveBreakingUseCase,
  ) {}

  @Get()
  @ApiOperation({ summary: "A source's schema versions, oldest first, with their diffs" })
  async list(
    @Param('sourceId') sourceId: string,
  ): Promise<{ head: SchemaHeadRecord | null; versions: SchemaVersionRecord[] }> {
    assertSourceIdParam(sourceId);
    const head = await this.versions.getHead(sourceId);
    const versions = await this.versions.list(sourceId);
    return { head: head?.record ?? null, versions: versions.map((v) => v.record) };
  }

  @Get('diff')
  @ApiOperation({
    summary:
      'What changed between two versions (fields added, removed, retyped, rename candidates)',
  })
  async diff(
    @Param('sourceId') sourceId: string,
    @Query('from') from: string,
    @Query('to') to: string,
  ): Promise<{ from: number; to: number; diff: DriftDiff }> {
    assertSourceIdParam(sourceId);
    const [a, b] = await Promise.all([
      this.load(sourceId, versionNumber(from)),
      this.load(sourceId, versionNumber(to)),
    ]);
    return {
      from: a.version,
      to: b.version,
      diff: diffVersions(a.fields, b.fields, { active: a.stats, observed: b.stats }),
    };
  }

  @Get(':version')
  @ApiOperation({ summary: 'One schema version: fields, stats, diff and status' })
  async show(
    @Param('sourceId') sourceId: string,
    @Param('version') version: string,
  ): Promise<SchemaVersionRecord> {
    assertSourceIdParam(sourceId);
    return this.load(sourceId, versionNumber(version));
  }

  @Post(':version/resolve')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Resolve a BREAKING version: accept it as ACTIVE, or deprecate the previous one; dryRun shows the impact only',
  })
  resolve(
    @Param('sourceId') sourceId: string,
    @Param('version') version: string,
    @Body() body: unknown,
  ): Promise<ResolveResult> {
    const command = parseBody(resolveSchema, body);
    return this.resolveBreaking.execute({
      sourceId: assertSourceIdParam(sourceId),
      version: versionNumber(version),
      action: command.action,
      note: command.note,
      dryRun: command.dryRun,
      actor: 'admin',
    });
  }

  private async load(sourceId: string, version: number): Promise<SchemaVersionRecord> {
    const found = await this.versions.getByNumber(sourceId, version);
    if (!found)
      throw problem.notFound(
        'schema-version-not-found',
        `source ${sourceId} has no schema version ${version}`,
      );
    return found.record;
  }
}
