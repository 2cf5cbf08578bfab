import { Inject, Injectable } from '@nestjs/common';
import type { RunRecord, RunSummary } from '@tributary/contracts';
import { LOGGER, type Logger } from '@tributary/platform';
import { CLOCK, type Clock } from '@tributary/ports';
import { PROMOTER_CONFIG, type PromoterConfig } from '../promoter.config';
import {
  completeEvent,
  failEvent,
  type LineageContext,
  type OpenLineageRunEvent,
  startEvent,
} from './openlineage-event';
import { LINEAGE_SINK, type LineageSink } from './lineage-sink';

/** Emits a run's OpenLineage START / COMPLETE / FAIL events; lineage trouble never fails a run. */
@Injectable()
export class LineageReporter {
  constructor(
    @Inject(LINEAGE_SINK) private readonly sink: LineageSink,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PROMOTER_CONFIG) private readonly config: PromoterConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  private context(run: RunRecord, inputKeys: readonly string[]): LineageContext {
    return {
      namespace: this.config.lineage.namespace,
      storeNamespace: `s3://${this.config.infra.s3.bucket}`,
      run,
      inputKeys,
    };
  }

  async started(run: RunRecord, inputKeys: readonly string[]): Promise<void> {
    await this.send(startEvent(this.context(run, inputKeys), this.clock.now()));
  }

  async completed(run: RunRecord, summary: RunSummary): Promise<void> {
    await this.send(
      completeEvent(
        this.context(
          run,
          summary.inputs.map((i) => i.key),
        ),
        this.clock.now(),
        summary,
      ),
    );
  }

  async failed(run: RunRecord, inputKeys: readonly string[], error: string): Promise<void> {
    await this.send(failEvent(this.context(run, inputKeys), this.clock.now(), error));
  }

  private async send(event: OpenLineageRunEvent): Promise<void> {
    try {
      await this.sink.emit(event);
    } catch (error) {
      this.logger.warn(
        { err: error, eventType: event.eventType },
        'OpenLineage event not delivered',
      );
    }
  }
}
