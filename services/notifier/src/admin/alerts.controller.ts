import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { DeliveryLogRepository } from '@tributary/metadata';
import { problem } from '@tributary/platform';
import { AdminGuard } from './admin.guard';
import { parseAlertsQuery } from './alerts.query';
import {
  type DeliveryDetailView,
  type DeliveryView,
  toDeliveryDetailView,
  toDeliveryView,
} from './delivery.view';

const CHANNEL = /^(?:_default|[a-z0-9][a-z0-9_-]{0,62}\.[a-z0-9][a-z0-9_-]{0,62})$/;
const DELIVERY_KEY = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** The delivery log, read-only: newest first, by source and/or status. */
@UseGuards(AdminGuard)
@Controller('v1/admin/alerts')
export class AlertsController {
  constructor(@Inject(DeliveryLogRepository) private readonly log: DeliveryLogRepository) {}

  @Get()
  async list(@Query() query: unknown): Promise<{ items: DeliveryView[] }> {
    const parsed = parseAlertsQuery(query);
    const records = await this.log.list(parsed);
    return { items: records.map(toDeliveryView) };
  }

  @Get(':channel/:deliveryKey')
  async get(
    @Param('channel') channel: string,
    @Param('deliveryKey') deliveryKey: string,
  ): Promise<DeliveryDetailView> {
    if (!CHANNEL.test(channel) || !DELIVERY_KEY.test(deliveryKey)) {
      throw problem.badRequest(
        'invalid-delivery-ref',
        'channel must be <sourceId>.<name> or _default; deliveryKey an event id (ULID)',
      );
    }
    const found = await this.log.get({ channel, deliveryKey });
    if (!found)
      throw problem.notFound('delivery-not-found', `no delivery ${deliveryKey} on ${channel}`);
    return toDeliveryDetailView(found.record);
  }
}
