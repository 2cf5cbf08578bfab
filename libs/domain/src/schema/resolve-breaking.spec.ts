import type { FieldSchema, SchemaFields } from '@tributary/contracts';
import {
  columnChanges,
  planAccept,
  planDeprecate,
  type SchemaVersionSummary,
} from './resolve-breaking';

const field = (
  name: string,
  type: FieldSchema['type'],
  ordinal: number,
  extra: Partial<FieldSchema> = {},
): FieldSchema => ({
  type,
  path: [name],
  nullable: false,
  column: name,
  ordinal,
  ...extra,
});

const v1: SchemaFields = { id: field('id', 'integer', 0), name: field('name', 'string', 1) };
const v2: SchemaFields = { ...v1, email: field('email', 'string', 2, { nullable: true }) };
const v3: SchemaFields = {
  id: field('id', 'string', 0),
  name: field('name', 'string', 1, { nullable: true, optional: true }),
  email: field('email', 'string', 2, { nullable: true }),
};

const versions: SchemaVersionSummary[] = [
  { version: 1, status: 'DEPRECATED', fields: v1 },
  { version: 2, status: 'ACTIVE', fields: v2 },
  { version: 3, status: 'BREAKING', fields: v3 },
  { version: 4, status: 'BREAKING', fields: v3 },
  { version: 5, status: 'BREAKING', fields: v3 },
];
const pendingFiles = [
  { fileId: 'f3', schemaVersion: 3 },
  { fileId: 'f4', schemaVersion: 4 },
  { fileId: 'f5', schemaVersion: 5 },
  { fileId: 'f2', schemaVersion: 2 },
];

describe('planAccept', () => {
  it('makes the BREAKING version ACTIVE, deprecates the old one and older BREAKING ones', () => {
    expect(planAccept({ versions, version: 4, note: ' id is text now ', pendingFiles })).toEqual({
      ok: true,
      action: 'accept',
      transitions: [
        { version: 2, from: 'ACTIVE', to: 'DEPRECATED' },
        { version: 3, from: 'BREAKING', to: 'DEPRECATED' },
        { version: 4, from: 'BREAKING', to: 'ACTIVE' },
      ],
      activeVersion: 4,
      previousActiveVersion: 2,
      notes: [{ version: 4, note: 'id is text now' }],
      columnChanges: {
        added: [],
        retyped: [{ column: 'id', from: 'integer', to: 'string' }],
        nowOptional: ['name'],
      },
      remainingBreaking: [5],
      promotionUnblocked: false,
      releasedFiles: ['f4'],
      reprofileFiles: ['f3'],
      blockedFiles: ['f5'],
    });
  });

  it('unblocks promotion when no BREAKING version remains', () => {
    const plan = planAccept({ versions: versions.slice(0, 3), version: 3, note: 'ok' });
    expect(plan).toMatchObject({ ok: true, promotionUnblocked: true, remainingBreaking: [] });
  });

  it('refuses versions that are not BREAKING, unknown versions and empty notes', () => {
    expect(planAccept({ versions, version: 2, note: 'x' })).toEqual({
      ok: false,
      reason: 'schema version 2 is ACTIVE, not BREAKING',
    });
    expect(planAccept({ versions, version: 9, note: 'x' })).toEqual({
      ok: false,
      reason: 'schema version 9 does not exist',
    });
    expect(planAccept({ versions, version: 3, note: '  ' })).toEqual({
      ok: false,
      reason: 'a note is required to accept a version',
    });
  });
});

describe('planDeprecate', () => {
  it('records the migration note on the deprecated version', () => {
    const plan = planDeprecate({ versions, version: 3, note: 'readers must cast id' });
    expect(plan).toMatchObject({
      ok: true,
      action: 'deprecate',
      activeVersion: 3,
      notes: [{ version: 2, note: 'readers must cast id' }],
      transitions: [
        { version: 2, from: 'ACTIVE', to: 'DEPRECATED' },
        { version: 3, from: 'BREAKING', to: 'ACTIVE' },
      ],
    });
    expect(planDeprecate({ versions, version: 3, note: '' })).toEqual({
      ok: false,
      reason: 'a migration note is required',
    });
  });
});

describe('columnChanges', () => {
  it('lists added and retyped columns, ignoring objects', () => {
    const after: SchemaFields = {
      ...v1,
      address: field('address', 'object', 2),
      'address.city': { ...field('address__city', 'string', 3), path: ['address', 'city'] },
    };
    expect(columnChanges(v1, after)).toEqual({
      added: ['address__city'],
      retyped: [],
      nowOptional: [],
    });
  });
});
