import { Inject, Injectable } from '@nestjs/common';
import { type LatestPointer, latestPointerKey } from '@tributary/contracts';
import {
  NotFoundError,
  OBJECT_STORE,
  type ObjectStore,
  PreconditionFailedError,
  TerminalError,
  TransientError,
} from '@tributary/ports';
import { QUALITY_CONFIG, type QualityConfig } from '../quality.config';
import { QualityMetrics } from '../gate/quality.metrics';

/** `_LATEST.json` as read, with the ETag a compare-and-swap must match. */
export interface PointerVersion {
  readonly pointer: LatestPointer;
  readonly etag: string;
}

/** What a compare-and-swap step decides from the pointer it read. */
export type PointerDecision<T> =
  | { readonly kind: 'write'; readonly pointer: LatestPointer; readonly result: T }
  | { readonly kind: 'stop'; readonly result: T };

/**
 * Reads `_LATEST.json` and replaces it only by compare-and-swap: If-Match on the ETag read, or
 * If-None-Match `*` for the first one. A lost race re-reads and decides again from the newer
 * pointer, so two publishers never lose each other's update.
 */
@Injectable()
export class PointerStore {
  constructor(
    @Inject(OBJECT_STORE) private readonly objects: ObjectStore,
    @Inject(QUALITY_CONFIG) private readonly config: QualityConfig,
    @Inject(QualityMetrics) private readonly metrics: QualityMetrics,
  ) {}

  async read(sourceId: string): Promise<PointerVersion | undefined> {
    let read;
    try {
      read = await this.objects.getBytes(latestPointerKey(sourceId));
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
    try {
      return {
        pointer: JSON.parse(read.bytes.toString('utf8')) as LatestPointer,
        etag: read.info.etag,
      };
    } catch (error) {
      throw new TerminalError(
        'POINTER_UNREADABLE',
        `${latestPointerKey(sourceId)} is not valid JSON; a person must repair it`,
        { cause: error },
      );
    }
  }

  /**
   * Runs `decide` on the current pointer and writes what it returns, re-reading and deciding
   * again after every lost race (bounded); `onConflict` sees each lost race.
   */
  async update<T>(
    sourceId: string,
    decide: (current: PointerVersion | undefined, attempt: number) => Promise<PointerDecision<T>>,
    onConflict?: (attempt: number) => void,
  ): Promise<{ result: T; written?: PointerVersion }> {
    const key = latestPointerKey(sourceId);
    for (let attempt = 1; attempt <= this.config.casMaxAttempts; attempt++) {
      const current = await this.read(sourceId);
      const decision = await decide(current, attempt);
      if (decision.kind === 'stop') return { result: decision.result };
      try {
        const info = await this.objects.put(key, JSON.stringify(decision.pointer, null, 2), {
          contentType: 'application/json',
          ...(current ? { ifMatch: current.etag } : { ifNoneMatch: '*' as const }),
        });
        return { result: decision.result, written: { pointer: decision.pointer, etag: info.etag } };
      } catch (error) {
        if (!(error instanceof PreconditionFailedError)) throw error;
        this.metrics.casConflict(sourceId);
        onConflict?.(attempt);
        // A short random pause so two writers that keep colliding fall out of step.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 40 * attempt));
      }
    }
    throw new TransientError(
      'POINTER_CONTENDED',
      `${key} kept changing: ${this.config.casMaxAttempts} compare-and-swap attempts lost`,
    );
  }
}
