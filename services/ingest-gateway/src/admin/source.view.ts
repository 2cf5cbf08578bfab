import type { SourceRecord } from '@tributary/contracts';

export type SourceView = Omit<SourceRecord, 'apiKeyHash'>;

/** A source as the control plane shows it: never the key hash. */
export function toSourceView(source: SourceRecord): SourceView {
  const { apiKeyHash: _hash, ...view } = source;
  return view;
}
