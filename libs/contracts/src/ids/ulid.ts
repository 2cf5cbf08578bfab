import { decodeTime, encodeTime, monotonicFactory } from 'ulid';

const nextUlid = monotonicFactory();

const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** A new ULID: sortable by creation time, unique across processes. */
export function newUlid(now: number = Date.now()): string {
  return nextUlid(now);
}

export function isUlid(value: string): boolean {
  return ULID_PATTERN.test(value);
}

/** File ids and event ids are ULIDs. */
export const newFileId = newUlid;
export const newEventId = newUlid;

/** The smallest ULID of an instant: every id created at or after it sorts after this. */
export function ulidLowerBound(ms: number): string {
  return `${encodeTime(ms, 10)}0000000000000000`;
}

/** When a ULID was created (ms since the epoch). */
export function ulidTime(id: string): number {
  return decodeTime(id);
}
