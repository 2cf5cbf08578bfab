import { crc32 } from 'node:zlib';
import { TerminalError } from '@tributary/ports';

/**
 * One record in a segment file: `u32 payload length | u32 CRC-32 of payload | payload`, the
 * payload being `u64 offset | i64 timestamp | i32 key length (-1: null) | key | i32 value
 * length (-1: null) | value | u32 header count | (u32 length | name | u32 length | value)*`.
 * All integers big-endian. The CRC tells a torn or damaged record from a whole one.
 */
export interface LogRecord {
  readonly offset: number;
  readonly timestamp: number;
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
}

export const FRAME_HEADER_BYTES = 8;
/** Larger payloads are refused when written and taken for damage when read. */
export const MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;

function bytesOrNull(value: Buffer | null): Buffer[] {
  const length = Buffer.alloc(4);
  length.writeInt32BE(value === null ? -1 : value.length);
  return value === null ? [length] : [length, value];
}

function sized(value: Buffer): Buffer[] {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(value.length);
  return [length, value];
}

export function encodeRecord(record: LogRecord): Buffer {
  const fixed = Buffer.alloc(16);
  fixed.writeBigUInt64BE(BigInt(record.offset), 0);
  fixed.writeBigInt64BE(BigInt(Math.trunc(record.timestamp)), 8);
  const headers = Object.entries(record.headers);
  const count = Buffer.alloc(4);
  count.writeUInt32BE(headers.length);
  const payload = Buffer.concat([
    fixed,
    ...bytesOrNull(record.key === null ? null : Buffer.from(record.key, 'utf8')),
    ...bytesOrNull(record.value),
    count,
    ...headers.flatMap(([name, value]) => [
      ...sized(Buffer.from(name, 'utf8')),
      ...sized(Buffer.from(value, 'utf8')),
    ]),
  ]);
  if (payload.length > MAX_PAYLOAD_BYTES) {
    throw new TerminalError('LOG_REJECTED', `a record of ${payload.length} bytes is too large`);
  }
  const frame = Buffer.alloc(FRAME_HEADER_BYTES);
  frame.writeUInt32BE(payload.length, 0);
  frame.writeUInt32BE(crc32(payload), 4);
  return Buffer.concat([frame, payload]);
}

export type FrameRead =
  | { readonly kind: 'record'; readonly record: LogRecord; readonly bytes: number }
  | { readonly kind: 'incomplete'; readonly bytes: number };

export class CorruptLogError extends TerminalError {
  constructor(message: string) {
    super('LOG_CORRUPT', message);
  }
}

/** Reads the frame at `at`: a whole record, or how many bytes a whole frame needs. */
export function readFrame(buffer: Buffer, at: number, where: string): FrameRead {
  if (buffer.length - at < FRAME_HEADER_BYTES) {
    return { kind: 'incomplete', bytes: FRAME_HEADER_BYTES };
  }
  const length = buffer.readUInt32BE(at);
  if (length > MAX_PAYLOAD_BYTES || length < 28) {
    throw new CorruptLogError(`${where}: impossible record length ${length}`);
  }
  const bytes = FRAME_HEADER_BYTES + length;
  if (buffer.length - at < bytes) return { kind: 'incomplete', bytes };
  const payload = buffer.subarray(at + FRAME_HEADER_BYTES, at + bytes);
  if (crc32(payload) !== buffer.readUInt32BE(at + 4)) {
    throw new CorruptLogError(`${where}: checksum mismatch`);
  }
  return { kind: 'record', record: decodePayload(payload, where), bytes };
}

function decodePayload(payload: Buffer, where: string): LogRecord {
  let at = 16;
  const take = (length: number): Buffer => {
    if (length < 0 || at + length > payload.length) {
      throw new CorruptLogError(`${where}: field overruns its record`);
    }
    const out = payload.subarray(at, at + length);
    at += length;
    return out;
  };
  const nullable = (): Buffer | null => {
    const length = take(4).readInt32BE(0);
    return length === -1 ? null : Buffer.from(take(length));
  };
  const offset = Number(payload.readBigUInt64BE(0));
  const timestamp = Number(payload.readBigInt64BE(8));
  const key = nullable();
  const value = nullable();
  const count = take(4).readUInt32BE(0);
  const headers: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    const name = take(take(4).readUInt32BE(0)).toString('utf8');
    headers[name] = take(take(4).readUInt32BE(0)).toString('utf8');
  }
  return { offset, timestamp, key: key === null ? null : key.toString('utf8'), value, headers };
}
