import { Inject, Injectable } from '@nestjs/common';
import { METRICS, type Metrics } from '@tributary/platform';

@Injectable()
export class PromoterMetrics {
  private readonly runs;
  private readonly runSeconds;
  private readonly rowsWritten;
  private readonly rowsQuarantined;
  private readonly blocked;

  constructor(@Inject(METRICS) metrics: Metrics) {
    this.runs = metrics.counter({
      name: 'promotion_runs_total',
      help: 'Promotion runs by source and outcome',
      labelNames: ['source_id', 'outcome'],
    });
    this.runSeconds = metrics.histogram({
      name: 'promotion_run_duration_seconds',
      help: 'Time from claim to run-completed (seconds)',
      labelNames: ['source_id'],
      buckets: [0.5, 1, 2.5, 5, 10, 30, 60, 180, 600],
    });
    this.rowsWritten = metrics.counter({
      name: 'promotion_rows_written_total',
      help: 'Valid rows written to Parquet by source',
      labelNames: ['source_id'],
    });
    this.rowsQuarantined = metrics.counter({
      name: 'promotion_rows_quarantined_total',
      help: 'Rows set aside in quarantine by source',
      labelNames: ['source_id'],
    });
    this.blocked = metrics.counter({
      name: 'promotion_blocked_by_breaking_schema_total',
      help: 'Run requests skipped because the source has a BREAKING schema version',
      labelNames: ['source_id'],
    });
  }

  run(sourceId: string, outcome: string, seconds: number): void {
    this.runs.inc({ source_id: sourceId, outcome });
    if (outcome === 'completed') this.runSeconds.observe({ source_id: sourceId }, seconds);
  }

  batch(sourceId: string, rowsOut: number, rowsQuarantined: number): void {
    this.rowsWritten.inc({ source_id: sourceId }, rowsOut);
    this.rowsQuarantined.inc({ source_id: sourceId }, rowsQuarantined);
  }

  blockedByBreaking(sourceId: string): void {
    this.blocked.inc({ source_id: sourceId });
  }
}
