import { createHash, randomUUID } from 'node:crypto';
import { access, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type EventCodec, TerminalError } from '@tributary/ports';
import { embeddedLayout } from '../embedded-layout';
import { isMissing, mapFsError } from '../fs-errors';
import { AvroSchemaError, type AvroType, parseAvroSchema } from './avro-schema';
import { AvroValueError, fromWire, toWire } from './avro-value';

export interface EmbeddedEventCodecConfig {
  /**
   * The embedded data folder. When given, schemas are kept in `<root>/schemas` so a process
   * that did not prepare a topic can still decode its events; without it, memory only.
   */
  readonly root?: string;
}

/** `TR`, format 1, then the 8-byte schema fingerprint; the event as JSON follows. */
const MAGIC = Buffer.from([0x54, 0x52, 0x01]);
const FINGERPRINT_BYTES = 8;
const HEADER_BYTES = MAGIC.length + FINGERPRINT_BYTES;

interface PreparedSchema {
  readonly fingerprint: Buffer;
  readonly type: AvroType;
}

/** JSON with keys sorted, so one schema always has one fingerprint. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function fingerprintOf(schema: object): Buffer {
  return createHash('sha256').update(canonicalJson(schema)).digest().subarray(0, FINGERPRINT_BYTES);
}

function undecodable(message: string, cause?: unknown): TerminalError {
  return new TerminalError('EVENT_UNDECODABLE', `decode: ${message}`, { cause });
}

/**
 * Events as JSON behind a small header naming the schema by fingerprint (embedded mode: no
 * registry). Every event is checked against its topic's Avro schema when encoded and against
 * the writer's schema when decoded, so what the registry codec refuses is refused here too.
 */
export class EmbeddedEventCodec implements EventCodec {
  private readonly topics = new Map<string, PreparedSchema>();
  private readonly byFingerprint = new Map<string, AvroType>();
  private readonly schemasDir: string | undefined;

  constructor(config: EmbeddedEventCodecConfig = {}) {
    this.schemasDir = config.root === undefined ? undefined : embeddedLayout(config.root).schemas;
  }

  async prepare(topics: readonly { physical: string; schema: object }[]): Promise<void> {
    for (const { physical, schema } of topics) {
      // Like the registry codec: a topic keeps the schema it was first prepared with.
      if (this.topics.has(physical)) continue;
      let type: AvroType;
      try {
        type = parseAvroSchema(schema);
      } catch (error) {
        if (!(error instanceof AvroSchemaError)) throw error;
        throw new TerminalError('SCHEMA_INVALID', `schema for ${physical}: ${error.message}`, {
          cause: error,
        });
      }
      const fingerprint = fingerprintOf(schema);
      await this.persist(fingerprint, schema);
      this.byFingerprint.set(fingerprint.toString('hex'), type);
      this.topics.set(physical, { fingerprint, type });
    }
  }

  async encode(physicalTopic: string, event: object): Promise<Buffer> {
    const prepared = this.topics.get(physicalTopic);
    if (!prepared) {
      throw new TerminalError('SCHEMA_NOT_PREPARED', `no schema prepared for ${physicalTopic}`);
    }
    let wire: unknown;
    try {
      wire = toWire(prepared.type, event, 'event');
    } catch (error) {
      if (!(error instanceof AvroValueError)) throw error;
      throw new TerminalError('EVENT_INVALID', `encode for ${physicalTopic}: ${error.message}`, {
        cause: error,
      });
    }
    return Buffer.concat([MAGIC, prepared.fingerprint, Buffer.from(JSON.stringify(wire), 'utf8')]);
  }

  async decode(_physicalTopic: string, value: Buffer): Promise<unknown> {
    if (value.length < HEADER_BYTES || !value.subarray(0, MAGIC.length).equals(MAGIC)) {
      throw undecodable('not an embedded event (no TR1 header)');
    }
    const fingerprint = value.subarray(MAGIC.length, HEADER_BYTES).toString('hex');
    const type = await this.schemaFor(fingerprint);
    let wire: unknown;
    try {
      wire = JSON.parse(value.subarray(HEADER_BYTES).toString('utf8'));
    } catch (error) {
      throw undecodable('the payload is not JSON', error);
    }
    try {
      return fromWire(type, wire, 'event');
    } catch (error) {
      if (!(error instanceof AvroValueError)) throw error;
      throw undecodable(error.message, error);
    }
  }

  async ping(): Promise<void> {
    if (!this.schemasDir) return;
    try {
      await mkdir(this.schemasDir, { recursive: true });
      await access(this.schemasDir);
    } catch (error) {
      throw mapFsError(error, `schemas folder ${this.schemasDir}`, 'SCHEMA_STORE');
    }
  }

  private async schemaFor(fingerprint: string): Promise<AvroType> {
    const known = this.byFingerprint.get(fingerprint);
    if (known) return known;
    if (this.schemasDir) {
      let text: string | undefined;
      try {
        text = await readFile(join(this.schemasDir, `${fingerprint}.json`), 'utf8');
      } catch (error) {
        if (!isMissing(error))
          throw mapFsError(error, `read schema ${fingerprint}`, 'SCHEMA_STORE');
      }
      if (text !== undefined) {
        let type: AvroType;
        try {
          type = parseAvroSchema(JSON.parse(text));
        } catch (error) {
          throw undecodable(`stored schema ${fingerprint} is unreadable`, error);
        }
        this.byFingerprint.set(fingerprint, type);
        return type;
      }
    }
    throw undecodable(`unknown schema ${fingerprint}`);
  }

  /** Written once per fingerprint, atomically (temp file, then rename). */
  private async persist(fingerprint: Buffer, schema: object): Promise<void> {
    if (!this.schemasDir) return;
    const path = join(this.schemasDir, `${fingerprint.toString('hex')}.json`);
    const temp = `${path}.${randomUUID()}.tmp`;
    try {
      await mkdir(this.schemasDir, { recursive: true });
      if (
        await access(path).then(
          () => true,
          () => false,
        )
      )
        return;
      await writeFile(temp, JSON.stringify(schema), { flush: true });
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw mapFsError(error, `store schema ${fingerprint.toString('hex')}`, 'SCHEMA_STORE');
    }
  }
}
