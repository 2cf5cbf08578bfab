import { isUlid, ulidTime } from '@tributary/contracts';
import { derivedEventId } from './derived-event-id';

describe('derived event ids', () => {
  it('is a ULID of the instant, the same for the same seed', () => {
    const at = Date.parse('2026-01-21T12:00:00.000Z');
    const id = derivedEventId('run-1:run-promoted', at);
    expect(isUlid(id)).toBe(true);
    expect(ulidTime(id)).toBe(at);
    expect(derivedEventId('run-1:run-promoted', at)).toBe(id);
    expect(derivedEventId('run-1:run-rejected', at)).not.toBe(id);
  });
});
