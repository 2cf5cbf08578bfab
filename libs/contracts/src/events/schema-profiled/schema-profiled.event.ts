import { type EventEnvelope, eventRecordSchema } from '../envelope';

/** A landed file was profiled; its schema matches (or became) a version of the source's schema. */
export interface SchemaProfiledEvent extends EventEnvelope {
  readonly eventType: 'schema-profiled';
  readonly fileId: string;
  readonly key: string;
  readonly format: string;
  readonly rowCount: number;
  /** Number of the version the file was profiled against (1, 2, …). */
  readonly schemaVersion: number;
  /** Sort key of that version in the schema registry table. */
  readonly versionKey: string;
  readonly versionStatus: string;
  /** True when this file created the version. */
  readonly createdVersion: boolean;
}

export const schemaProfiledSchema = eventRecordSchema(
  'SchemaProfiled',
  'A landed file was profiled against the source schema',
  [
    { name: 'fileId', type: 'string' },
    { name: 'key', type: 'string' },
    { name: 'format', type: 'string' },
    { name: 'rowCount', type: 'long' },
    { name: 'schemaVersion', type: 'int' },
    { name: 'versionKey', type: 'string' },
    { name: 'versionStatus', type: 'string' },
    { name: 'createdVersion', type: 'boolean' },
  ],
);
