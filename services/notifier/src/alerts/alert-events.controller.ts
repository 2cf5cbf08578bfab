import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  type DeadLetterEvent,
  type DriftDetectedEvent,
  type PromotionBlockedEvent,
  type RunFailedEvent,
  type RunRejectedEvent,
  TOPIC,
} from '@tributary/contracts';
import type { HandlerContext } from '@tributary/platform';
import { RecordDeliveriesUseCase } from './record-deliveries.usecase';

/** The alert topics: each event is recorded as deliveries and the handler returns. */
@Controller()
export class AlertEventsController {
  constructor(@Inject(RecordDeliveriesUseCase) private readonly record: RecordDeliveriesUseCase) {}

  @EventPattern(TOPIC.driftDetected)
  driftDetected(@Payload() event: DriftDetectedEvent, @Ctx() ctx: HandlerContext): Promise<void> {
    return this.record.execute(event, ctx.logger);
  }

  @EventPattern(TOPIC.deadLetter)
  deadLetter(@Payload() event: DeadLetterEvent, @Ctx() ctx: HandlerContext): Promise<void> {
    return this.record.execute(event, ctx.logger);
  }

  @EventPattern(TOPIC.runRejected)
  runRejected(@Payload() event: RunRejectedEvent, @Ctx() ctx: HandlerContext): Promise<void> {
    return this.record.execute(event, ctx.logger);
  }

  @EventPattern(TOPIC.runFailed)
  runFailed(@Payload() event: RunFailedEvent, @Ctx() ctx: HandlerContext): Promise<void> {
    return this.record.execute(event, ctx.logger);
  }

  @EventPattern(TOPIC.promotionBlocked)
  promotionBlocked(
    @Payload() event: PromotionBlockedEvent,
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    return this.record.execute(event, ctx.logger);
  }
}
