import {
  buildEvent,
  newFileId,
  newRunId,
  rawKey,
  TOPIC,
  type TopicBaseName,
  type EventOf,
} from '@tributary/contracts';

/** One valid event of each topic, for codec and transport tests. */
export function sampleEvent<T extends TopicBaseName>(topic: T, sourceId = 'orders'): EventOf<T> {
  const fileId = newFileId();
  const runId = newRunId();
  const key = rawKey(sourceId, '2026-01-21', fileId, 'orders.csv');
  const payloads: { [K in TopicBaseName]: () => EventOf<K> } = {
    [TOPIC.fileLanded]: () =>
      buildEvent(
        TOPIC.fileLanded,
        { sourceId },
        {
          fileId,
          key,
          fileName: 'orders.csv',
          contentType: 'text/csv',
          contentEncoding: null,
          bytes: 1234,
          sha256: 'a'.repeat(64),
          landingDate: '2026-01-21',
          redelivery: false,
        },
      ),
    [TOPIC.schemaProfiled]: () =>
      buildEvent(
        TOPIC.schemaProfiled,
        { sourceId },
        {
          fileId,
          key,
          format: 'csv',
          rowCount: 3,
          schemaVersion: 1,
          versionKey: 'version#2026-01-21T12:00:00.000Z',
          versionStatus: 'ACTIVE',
          createdVersion: true,
        },
      ),
    [TOPIC.driftDetected]: () =>
      buildEvent(
        TOPIC.driftDetected,
        { sourceId },
        {
          fileId,
          key,
          fileName: 'orders.csv',
          previousVersion: 1,
          newVersion: 2,
          versionKey: 'version#2026-01-21T12:00:00.000Z',
          status: 'BREAKING',
          policy: 'evolve',
          diff: {
            added: [{ name: 'coupon', type: 'string' }],
            removed: [{ name: 'amount', type: 'double' }],
            typeChanged: [{ name: 'qty', from: 'integer', to: 'string', widening: false }],
            renameCandidates: [
              { from: 'amount', to: 'total', type: 'double', score: 0.9, evidence: 'same values' },
            ],
          },
          blocked: `promotion of source ${sourceId}`,
        },
      ),
    [TOPIC.deadLetter]: () =>
      buildEvent(
        TOPIC.deadLetter,
        { sourceId },
        {
          fileId,
          originalKey: key,
          deadLetterKey: key.replace(/^raw\//, 'dead-letter/'),
          fileName: 'orders.csv',
          stage: 'profiling',
          reason: 'unexpected token at line 3',
        },
      ),
    [TOPIC.runCompleted]: () =>
      buildEvent(
        TOPIC.runCompleted,
        { sourceId, runId },
        {
          executionId: 'exec-1',
          schemaVersion: 1,
          writeMode: 'append',
          backfill: false,
          successKey: `curated/source=${sourceId}/run_id=${runId}/_SUCCESS`,
          rowsIn: 10,
          rowsOut: 9,
          rowsQuarantined: 1,
          fileIds: [fileId],
          partitions: ['2026-01-21'],
          engine: 'duckdb',
        },
      ),
    [TOPIC.runPromoted]: () =>
      buildEvent(
        TOPIC.runPromoted,
        { sourceId, runId },
        {
          executionId: 'exec-1',
          schemaVersion: 1,
          pointerRevision: 2,
          partitions: ['2026-01-21'],
          rowsOut: 9,
        },
      ),
    [TOPIC.runRejected]: () =>
      buildEvent(
        TOPIC.runRejected,
        { sourceId, runId },
        {
          executionId: 'exec-1',
          failedChecks: [{ check: 'quarantine_rate', detail: '6% ≥ 5%' }],
          rowsIn: 100,
          rowsQuarantined: 6,
        },
      ),
    [TOPIC.runFailed]: () =>
      buildEvent(TOPIC.runFailed, { sourceId, runId }, { stage: 'write', error: 'disk full' }),
    [TOPIC.promotionBlocked]: () =>
      buildEvent(
        TOPIC.promotionBlocked,
        { sourceId },
        {
          breakingVersion: 2,
          versionKey: 'version#2026-01-21T12:00:00.000Z',
          pendingFiles: 3,
          reason: 'BREAKING version 2',
        },
      ),
  };
  return (payloads[topic] as () => EventOf<T>)();
}
