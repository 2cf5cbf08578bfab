import { Inject, Injectable } from '@nestjs/common';
import type { SchemaStatus } from '@tributary/contracts';
import { METRICS, type Metrics } from '@tributary/platform';

@Injectable()
export class ProfilerMetrics {
  private readonly failures;
  private readonly drift;
  private readonly versions;
  private readonly rows;
  private readonly bytes;

  constructor(@Inject(METRICS) metrics: Metrics) {
    this.failures = metrics.counter({
      name: 'profiling_failures_total',
      help: 'Files that could not be parsed and were dead-lettered, by source',
      labelNames: ['source_id'],
    });
    this.drift = metrics.counter({
      name: 'drift_detected_total',
      help: 'Schema changes detected (new versions or discarded drift), by source and version status',
      labelNames: ['source_id', 'status'],
    });
    this.versions = metrics.gauge({
      name: 'schema_versions',
      help: 'Schema versions per source by status (ACTIVE, DEPRECATED, BREAKING)',
      labelNames: ['source_id', 'status'],
    });
    this.rows = metrics.counter({
      name: 'profiler_rows_total',
      help: 'Rows profiled, by source',
      labelNames: ['source_id'],
    });
    this.bytes = metrics.counter({
      name: 'profiler_bytes_total',
      help: 'Bytes profiled (as stored), by source (bytes)',
      labelNames: ['source_id'],
    });
  }

  failed(sourceId: string): void {
    this.failures.inc({ source_id: sourceId });
  }

  driftDetected(sourceId: string, status: string): void {
    this.drift.inc({ source_id: sourceId, status });
  }

  versionCounts(sourceId: string, counts: Readonly<Record<SchemaStatus, number>>): void {
    for (const [status, count] of Object.entries(counts))
      this.versions.set({ source_id: sourceId, status }, count);
  }

  profiled(sourceId: string, rows: number, bytes: number): void {
    this.rows.inc({ source_id: sourceId }, rows);
    this.bytes.inc({ source_id: sourceId }, bytes);
  }
}
