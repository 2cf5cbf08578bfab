import { Inject, Injectable } from '@nestjs/common';
import { METRICS, type Metrics } from '@tributary/platform';

export type GateOutcome = 'promoted' | 'rejected' | 'empty';

@Injectable()
export class QualityMetrics {
  private readonly runs;
  private readonly rowsPromoted;
  private readonly rowsQuarantined;
  private readonly gateSeconds;
  private readonly conflicts;
  /** Newest landing time (ms) among each source's published inputs. */
  private readonly newestLanded = new Map<string, number>();

  constructor(@Inject(METRICS) metrics: Metrics) {
    this.runs = metrics.counter({
      name: 'runs_total',
      help: 'Runs decided by the quality gate, by source and outcome (promoted, rejected, empty)',
      labelNames: ['source_id', 'outcome'],
    });
    this.rowsPromoted = metrics.counter({
      name: 'rows_promoted_total',
      help: 'Rows of runs published into the table state, by source',
      labelNames: ['source_id'],
    });
    this.rowsQuarantined = metrics.counter({
      name: 'rows_quarantined_total',
      help: 'Rows quarantined by the runs the gate decided, by source',
      labelNames: ['source_id'],
    });
    this.gateSeconds = metrics.histogram({
      name: 'quality_gate_duration_seconds',
      help: 'Time to check a run and decide it (downloads, DuckDB checks, pointer write) (seconds)',
      labelNames: ['outcome'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120],
    });
    this.conflicts = metrics.counter({
      name: 'quality_pointer_cas_conflicts_total',
      help: 'Compare-and-swap writes of _LATEST.json lost to another writer (then re-read and re-applied), by source',
      labelNames: ['source_id'],
    });
    const newest = this.newestLanded;
    metrics.gauge({
      name: 'data_freshness_lag_seconds',
      help: 'Now minus the newest landing time among the files of the published table state, by source (seconds)',
      labelNames: ['source_id'],
      collect() {
        this.reset();
        const now = Date.now();
        for (const [sourceId, landed] of newest)
          this.set({ source_id: sourceId }, Math.max(0, (now - landed) / 1000));
      },
    });
  }

  decided(
    sourceId: string,
    outcome: GateOutcome,
    rows: { rowsOut: number; rowsQuarantined: number },
    seconds: number,
  ): void {
    this.runs.inc({ source_id: sourceId, outcome });
    if (outcome === 'promoted') this.rowsPromoted.inc({ source_id: sourceId }, rows.rowsOut);
    this.rowsQuarantined.inc({ source_id: sourceId }, rows.rowsQuarantined);
    this.gateSeconds.observe({ outcome }, seconds);
  }

  casConflict(sourceId: string): void {
    this.conflicts.inc({ source_id: sourceId });
  }

  /** The newest landing time of the source's published inputs; undefined forgets the source. */
  freshness(sourceId: string, newestLandedMs: number | undefined): void {
    if (newestLandedMs === undefined) this.newestLanded.delete(sourceId);
    else this.newestLanded.set(sourceId, newestLandedMs);
  }
}
