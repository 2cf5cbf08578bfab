import { Inject, Injectable } from '@nestjs/common';
import type { FileRecord, SchemaHeadRecord, SchemaVersionRecord } from '@tributary/contracts';
import { planAccept, planDeprecate, type ResolutionPlan } from '@tributary/domain';
import {
  FileLedgerRepository,
  SchemaVersionRepository,
  type VersionStatusChange,
} from '@tributary/metadata';
import { EventBus, problem } from '@tributary/platform';
import { CLOCK, type Clock, PreconditionFailedError } from '@tributary/ports';
import { publishFileLanded } from '../uploads/publish-file-landed';

export interface ResolveCommand {
  readonly sourceId: string;
  readonly version: number;
  readonly action: 'accept' | 'deprecate';
  readonly note: string;
  readonly dryRun: boolean;
  readonly actor: string;
}

export interface ResolveResult {
  readonly applied: boolean;
  readonly plan: ResolutionPlan;
}

/**
 * A person resolves a BREAKING version: accept it as ACTIVE with a note, or deprecate the old
 * ACTIVE version with a migration note. A dry run shows the impact (status transitions, column
 * changes downstream, files released or still blocked) without changing anything.
 */
@Injectable()
export class ResolveBreakingUseCase {
  constructor(
    @Inject(SchemaVersionRepository) private readonly versions: SchemaVersionRepository,
    @Inject(FileLedgerRepository) private readonly files: FileLedgerRepository,
    @Inject(EventBus) private readonly events: EventBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: ResolveCommand): Promise<ResolveResult> {
    const head = await this.versions.getHead(command.sourceId);
    const all = await this.versions.list(command.sourceId);
    if (!head || all.length === 0)
      throw problem.notFound(
        'schema-not-found',
        `source ${command.sourceId} has no schema versions`,
      );
    const pending = (await this.files.list(command.sourceId)).filter(
      (f) => f.record.status === 'PROFILED' && f.record.schemaVersion !== null,
    );
    const request = {
      versions: all.map((v) => ({
        version: v.record.version,
        status: v.record.status,
        fields: v.record.fields,
      })),
      version: command.version,
      note: command.note,
      pendingFiles: pending.map((f) => ({
        fileId: f.record.fileId,
        schemaVersion: f.record.schemaVersion!,
      })),
    };
    const plan = command.action === 'accept' ? planAccept(request) : planDeprecate(request);
    if (!plan.ok) throw problem.conflict('cannot-resolve', plan.reason);
    if (command.dryRun) return { applied: false, plan };

    const now = this.clock.now().toISOString();
    const byNumber = new Map(all.map((v) => [v.record.version, v]));
    const changes: VersionStatusChange[] = plan.transitions.map((t) => {
      const current = byNumber.get(t.version)!;
      const note = plan.notes.find((n) => n.version === t.version)?.note;
      const next: SchemaVersionRecord = {
        ...current.record,
        status: t.to,
        ...(note !== undefined ? { note } : {}),
        ...(t.to === 'ACTIVE' ? { promotedAt: now } : {}),
        resolvedBy: command.actor,
        resolvedAt: now,
      };
      return { current, next };
    });
    const active = byNumber.get(plan.activeVersion)!.record;
    const nextHead: SchemaHeadRecord = {
      ...head.record,
      activeVersion: active.version,
      activeVersionKey: active.versionKey,
      pendingBreaking: plan.remainingBreaking.map((n) => byNumber.get(n)!.record.versionKey),
      updatedAt: now,
    };
    try {
      await this.versions.changeStatus(head, nextHead, changes);
    } catch (error) {
      if (error instanceof PreconditionFailedError) {
        throw problem.conflict(
          'concurrent-change',
          'the schema changed while resolving; look again and retry',
        );
      }
      throw error;
    }
    await this.reprofile(command.sourceId, plan.reprofileFiles);
    return { applied: true, plan };
  }

  /** Files profiled against a superseded BREAKING version are profiled again against the new ACTIVE one. */
  private async reprofile(sourceId: string, fileIds: readonly string[]): Promise<void> {
    for (const fileId of fileIds) {
      const file = await this.files.get(sourceId, fileId);
      if (!file || file.record.status !== 'PROFILED') continue;
      const next: FileRecord = {
        ...file.record,
        status: 'LANDED',
        eventIds: {},
        reason: null,
        updatedAt: this.clock.now().toISOString(),
      };
      await this.files.update(next, file.revision);
      await publishFileLanded(this.events, next, { redelivery: true });
    }
  }
}
