import { Inject, Injectable } from '@nestjs/common';
import { type RunSummary, runSuccessKey, WRITE_MODES } from '@tributary/contracts';
import { NotFoundError, OBJECT_STORE, type ObjectStore } from '@tributary/ports';
import { z } from 'zod';

export type SummaryRead =
  | { readonly kind: 'ok'; readonly summary: RunSummary }
  | { readonly kind: 'missing'; readonly key: string }
  | { readonly kind: 'invalid'; readonly key: string; readonly reason: string };

const count = z.number().int().min(0);

/** The parts of `_SUCCESS` the gate relies on; anything else it carries is kept as is. */
const summaryShape = z.looseObject({
  sourceId: z.string(),
  runId: z.string(),
  executionId: z.string(),
  writeMode: z.enum(WRITE_MODES),
  schemaVersion: z.number().int().min(1),
  baseRevision: z.number().int().min(0),
  inputs: z.array(
    z.looseObject({
      fileId: z.string(),
      key: z.string(),
      rowsIn: count,
      rowsQuarantined: count,
    }),
  ),
  rowsIn: count,
  rowsOut: count,
  rowsQuarantined: count,
  partitions: z.array(
    z.looseObject({
      date: z.string(),
      files: z.array(z.looseObject({ key: z.string(), rows: count })),
      rows: count,
    }),
  ),
  columns: z.array(z.looseObject({ name: z.string(), type: z.string(), field: z.string() })),
  quarantineKeys: z.array(z.string()),
});

/** Reads a run's `_SUCCESS`: a run is trusted only with a summary that is there and well formed. */
@Injectable()
export class RunSummaryReader {
  constructor(@Inject(OBJECT_STORE) private readonly objects: ObjectStore) {}

  async read(sourceId: string, runId: string): Promise<SummaryRead> {
    const key = runSuccessKey(sourceId, runId);
    let text: string;
    try {
      text = (await this.objects.getBytes(key)).bytes.toString('utf8');
    } catch (error) {
      if (error instanceof NotFoundError) return { kind: 'missing', key };
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      return { kind: 'invalid', key, reason: `not JSON (${(error as Error).message})` };
    }
    const parsed = summaryShape.safeParse(json);
    if (!parsed.success) {
      return {
        kind: 'invalid',
        key,
        reason: parsed.error.issues
          .slice(0, 5)
          .map((i) => `${i.path.join('.') || '(summary)'}: ${i.message}`)
          .join('; '),
      };
    }
    const summary = parsed.data as unknown as RunSummary;
    if (summary.sourceId !== sourceId || summary.runId !== runId) {
      return {
        kind: 'invalid',
        key,
        reason: `it describes run ${summary.runId} of ${summary.sourceId}`,
      };
    }
    return { kind: 'ok', summary };
  }
}
