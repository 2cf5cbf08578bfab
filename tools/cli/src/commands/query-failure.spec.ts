import { queryFailureMessage } from './query-failure';

describe('queryFailureMessage', () => {
  const missing = 'Catalog Error: Table with name orderz does not exist!\nDid you mean "orders"?';

  it('names the sources that have a published state when a table is missing', () => {
    expect(queryFailureMessage(missing, ['orders', 'users'])).toBe(
      'Catalog Error: Table with name orderz does not exist! (orderz has no published state; sources that have one: orders, users)',
    );
  });

  it('says when no source has a published state at all', () => {
    expect(queryFailureMessage(missing, [])).toBe(
      'Catalog Error: Table with name orderz does not exist! (no source has a published state)',
    );
  });

  it('lists at most ten sources', () => {
    const views = Array.from({ length: 12 }, (_, i) => `s${i}`);
    expect(queryFailureMessage(missing, views)).toMatch(/s9 and 2 more\)$/);
  });

  it('keeps other errors to their first line', () => {
    expect(queryFailureMessage('Parser Error: syntax error at "SELEC"\nLINE 1', ['a'])).toBe(
      'Parser Error: syntax error at "SELEC"',
    );
  });
});
