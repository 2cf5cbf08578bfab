import type { DeliveryRecord } from '@tributary/contracts';

export type DeliveryView = Omit<DeliveryRecord, 'payload' | 'leaseOwner' | 'leaseUntil'>;

export interface DeliveryDetailView extends DeliveryView {
  /** The request body sent (parsed), as the receiver saw it. */
  readonly body: unknown;
}

/** A delivery as the admin API lists it: no body, no lease bookkeeping. */
export function toDeliveryView(record: DeliveryRecord): DeliveryView {
  const { payload: _payload, leaseOwner: _owner, leaseUntil: _until, ...view } = record;
  return view;
}

export function toDeliveryDetailView(record: DeliveryRecord): DeliveryDetailView {
  let body: unknown = record.payload;
  try {
    body = JSON.parse(record.payload);
  } catch {
    // not JSON: show it as sent
  }
  return { ...toDeliveryView(record), body };
}
