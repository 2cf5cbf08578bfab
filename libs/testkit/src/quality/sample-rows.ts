import type { ColumnTypes } from './run-writer';

/** The columns of the sample `orders` tables of the quality tests. */
export const ORDER_COLUMNS: ColumnTypes = {
  id: 'BIGINT',
  name: 'VARCHAR',
  amount: 'DOUBLE',
  status: 'VARCHAR',
};

/** `count` valid order rows with ids from `firstId`. */
export function orderRows(
  count: number,
  firstId = 1,
  overrides: (id: number) => Record<string, unknown> = () => ({}),
): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => {
    const id = firstId + i;
    return { id, name: `order-${id}`, amount: (id % 100) + 0.5, status: 'new', ...overrides(id) };
  });
}
