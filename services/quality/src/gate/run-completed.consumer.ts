import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { type RunCompletedEvent, TOPIC } from '@tributary/contracts';
import type { HandlerContext } from '@tributary/platform';
import { TerminalError } from '@tributary/ports';
import { GateRunUseCase } from './gate-run.usecase';

@Controller()
export class RunCompletedConsumer {
  constructor(@Inject(GateRunUseCase) private readonly gate: GateRunUseCase) {}

  @EventPattern(TOPIC.runCompleted)
  async onRunCompleted(
    @Payload() event: RunCompletedEvent,
    @Ctx() context: HandlerContext,
  ): Promise<void> {
    if (!event.runId) throw new TerminalError('EVENT_INVALID', 'run-completed without a run id');
    await this.gate.execute(event.sourceId, event.runId, context.logger);
  }
}
