import { createHash } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A ULID made from a seed and an instant instead of randomness: the same decision about the same
 * run always goes out with the same event id, so a redelivered `run-completed` re-publishes an
 * event consumers already de-duplicate.
 */
export function derivedEventId(seed: string, timeMs: number): string {
  let time = '';
  let t = Math.max(0, Math.floor(Number.isFinite(timeMs) ? timeMs : 0));
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32]! + time;
    t = Math.floor(t / 32);
  }
  const hash = createHash('sha256').update(seed).digest();
  let rest = '';
  for (let i = 0; i < 16; i++) rest += CROCKFORD[hash[i]! % 32]!;
  return time + rest;
}
