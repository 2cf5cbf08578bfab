import { pipeline } from 'node:stream/promises';
import { type Readable, Writable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import {
  type FileRecord,
  childTraceparent,
  landingDateOf,
  newFileId,
  rawKey,
  type SourceRecord,
} from '@tributary/contracts';
import {
  FileLedgerRepository,
  IdempotencyRepository,
  LandingRepository,
} from '@tributary/metadata';
import { EventBus, LOGGER, type Logger, problem, withContext } from '@tributary/platform';
import { CLOCK, type Clock, OBJECT_STORE, type ObjectStore } from '@tributary/ports';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import type { UploadMediaType } from './content-types';
import { BodyTooLargeError, HashingMeter } from './hashing-meter';
import { publishFileLanded } from './publish-file-landed';
import { IngestMetrics } from './ingest.metrics';

export interface LandFileCommand {
  readonly source: SourceRecord;
  readonly fileName: string;
  readonly mediaType: UploadMediaType;
  /** The charset the upload declared, lowercased; null when none. */
  readonly charset: string | null;
  readonly contentEncoding: 'gzip' | null;
  readonly contentLength: number | undefined;
  readonly idempotencyKey: string | undefined;
  readonly traceparent: string | undefined;
  readonly body: Readable;
}

export interface LandFileResult {
  readonly fileId: string;
  readonly sourceId: string;
  readonly key: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly duplicate: boolean;
}

/**
 * Streams an upload to the raw zone while hashing it, records it in the files ledger with its
 * idempotency keys, publishes `file-landed`, and only then reports success.
 */
@Injectable()
export class LandFileUseCase {
  constructor(
    @Inject(OBJECT_STORE) private readonly objects: ObjectStore,
    @Inject(LandingRepository) private readonly landings: LandingRepository,
    @Inject(IdempotencyRepository) private readonly idempotency: IdempotencyRepository,
    @Inject(FileLedgerRepository) private readonly files: FileLedgerRepository,
    @Inject(EventBus) private readonly events: EventBus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(IngestMetrics) private readonly metrics: IngestMetrics,
  ) {}

  async execute(command: LandFileCommand): Promise<LandFileResult> {
    const { source } = command;
    const limit = this.config.maxUploadBytes;
    if (command.contentLength !== undefined && command.contentLength > limit) {
      throw problem.payloadTooLarge(
        `upload of ${command.contentLength} bytes exceeds the limit of ${limit}`,
        { limit },
      );
    }
    if (command.idempotencyKey) {
      const existing = await this.idempotency.find(
        source.sourceId,
        IdempotencyRepository.forClientKey(command.idempotencyKey),
      );
      if (existing) return this.replayOfKnownKey(command, existing.fileId);
    }

    const now = this.clock.now();
    const fileId = newFileId(now.getTime());
    const landingDate = landingDateOf(now);
    const key = rawKey(source.sourceId, landingDate, fileId, command.fileName);
    // The upload starts the trace every later event of this file carries.
    const traceparent = childTraceparent(command.traceparent);
    const log = withContext(this.logger, { sourceId: source.sourceId, fileId, traceparent });
    const meter = new HashingMeter(limit);
    const abort = new AbortController();
    // A manual pipe, not stream.pipeline: on a refused body the request must stay open long
    // enough for the 413 to reach the client (the connection is closed after the response).
    const onBodyError = (error: Error): void => void meter.destroy(error);
    command.body.once('error', onBodyError);
    command.body.pipe(meter);
    try {
      await this.objects.put(key, meter, {
        contentType: command.mediaType,
        metadata: { 'file-id': fileId, 'source-id': source.sourceId },
        signal: abort.signal,
      });
      if (meter.errored) throw meter.errored;
    } catch (error) {
      abort.abort();
      command.body.unpipe(meter);
      command.body.pause();
      meter.destroy();
      await this.objects.delete(key).catch(() => undefined);
      // The store reports the stream's failure in its own terms; the meter knows the cause.
      if (error instanceof BodyTooLargeError || meter.errored instanceof BodyTooLargeError) {
        throw problem.payloadTooLarge(
          `upload exceeds the limit of ${limit} bytes; nothing was stored`,
          { limit },
        );
      }
      if (isClientAbort(error))
        throw problem.badRequest(
          'upload-aborted',
          'the upload was interrupted; nothing was stored',
        );
      throw error;
    } finally {
      command.body.off('error', onBodyError);
    }
    const sha256 = meter.digest();
    const record: FileRecord = {
      sourceId: source.sourceId,
      fileId,
      key,
      fileName: command.fileName,
      contentType: command.mediaType,
      charset: command.charset,
      contentEncoding: command.contentEncoding,
      bytes: meter.bytes,
      sha256,
      landingDate,
      landedAt: now.toISOString(),
      status: 'LANDED',
      schemaVersion: null,
      runId: null,
      reason: null,
      rowCount: null,
      format: null,
      deadLetterKey: null,
      traceparent,
      updatedAt: now.toISOString(),
    };
    const keys = [
      IdempotencyRepository.forContent(sha256),
      ...(command.idempotencyKey
        ? [IdempotencyRepository.forClientKey(command.idempotencyKey)]
        : []),
    ];
    const outcome = await this.landings.recordLanding(record, keys);
    if (outcome.outcome === 'duplicate') {
      await this.objects.delete(key);
      log.info(
        { existingFileId: outcome.existing.fileId },
        'duplicate upload; the earlier file stands',
      );
      return this.duplicateOf(source.sourceId, outcome.existing.fileId);
    }
    this.metrics.landed(source.sourceId, meter.bytes);
    await this.publishLanded(record);
    log.info({ key, bytes: meter.bytes, sha256 }, 'file landed');
    return { fileId, sourceId: source.sourceId, key, bytes: meter.bytes, sha256, duplicate: false };
  }

  /** Same Idempotency-Key again: the body must be the same upload, else 422. */
  private async replayOfKnownKey(
    command: LandFileCommand,
    fileId: string,
  ): Promise<LandFileResult> {
    const meter = new HashingMeter(this.config.maxUploadBytes);
    try {
      await pipeline(command.body, meter, new Writable({ write: (_c, _e, cb) => cb() }));
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        throw problem.payloadTooLarge(
          `upload exceeds the limit of ${this.config.maxUploadBytes} bytes`,
        );
      }
      throw error;
    }
    const existing = await this.files.get(command.source.sourceId, fileId);
    if (existing && existing.record.sha256 !== meter.digest()) {
      throw problem.unprocessable(
        'idempotency-key-reused',
        'this Idempotency-Key was used for a different body',
        { fileId },
      );
    }
    return this.duplicateOf(command.source.sourceId, fileId);
  }

  private async duplicateOf(sourceId: string, fileId: string): Promise<LandFileResult> {
    const existing = await this.files.get(sourceId, fileId);
    if (!existing) throw problem.unavailable(`file ${fileId} is being recorded; retry shortly`);
    // If the first attempt could not publish its event, the sweeper re-publishes it.
    const file = existing.record;
    this.metrics.duplicate(sourceId);
    return {
      fileId,
      sourceId,
      key: file.key,
      bytes: file.bytes,
      sha256: file.sha256,
      duplicate: true,
    };
  }

  private async publishLanded(file: FileRecord): Promise<void> {
    try {
      await publishFileLanded(this.events, file, { redelivery: false, now: this.clock.now() });
    } catch (error) {
      this.logger.error({ err: error, fileId: file.fileId }, 'file-landed could not be published');
      throw problem.unavailable(
        'the file was stored but its event could not be published; retrying the upload is safe',
      );
    }
  }
}

function isClientAbort(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ABORT_ERR';
}
