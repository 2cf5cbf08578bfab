import { Inject, Injectable } from '@nestjs/common';
import { METRICS, type Metrics } from '@tributary/platform';

@Injectable()
export class IngestMetrics {
  private readonly requests;
  private readonly bytes;
  private readonly duplicates;

  constructor(@Inject(METRICS) metrics: Metrics) {
    this.requests = metrics.counter({
      name: 'ingest_requests_total',
      help: 'Upload requests by source and HTTP status',
      labelNames: ['source_id', 'status'],
    });
    this.bytes = metrics.counter({
      name: 'ingest_bytes_total',
      help: 'Bytes landed in the raw zone by source (bytes)',
      labelNames: ['source_id'],
    });
    this.duplicates = metrics.counter({
      name: 'ingest_duplicates_total',
      help: 'Uploads recognised as duplicates (same Idempotency-Key or content) by source',
      labelNames: ['source_id'],
    });
  }

  request(sourceId: string, status: number): void {
    this.requests.inc({ source_id: sourceId, status: String(status) });
  }

  landed(sourceId: string, bytes: number): void {
    this.bytes.inc({ source_id: sourceId }, bytes);
  }

  duplicate(sourceId: string): void {
    this.duplicates.inc({ source_id: sourceId });
  }
}
