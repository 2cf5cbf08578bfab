import fc from 'fast-check';
import { newFileId } from '../ids/ulid';
import { newRunId } from '../ids/run-id';
import { sanitizeFileName } from './file-name';
import {
  condemnedKey,
  curatedPartKey,
  deadLetterKey,
  latestPointerKey,
  parseObjectKey,
  quarantineKey,
  rawKey,
  runSuccessKey,
  stagingKey,
} from './object-keys';
import { InvalidKeyPartError, isValidSourceId } from './source-id';

const HOSTILE_PIECES = [
  '../',
  '..',
  '%2e%2e',
  '%2e%2e%2f',
  '..%2f',
  '\u0000',
  '/',
  '\\',
  '\u2215', // division slash
  '\u2044', // fraction slash
  '\uff0f', // fullwidth solidus
  '\u29f8', // big solidus
  '．．／', // fullwidth dots and solidus (NFKC → ../)
  '\u202e', // right-to-left override
  ' ',
  '\r\n',
  '?',
  '#',
  '*',
  '~',
  '.',
  '',
];

const hostileName = fc
  .array(fc.oneof(fc.constantFrom(...HOSTILE_PIECES), fc.string(), fc.string({ unit: 'binary' })), {
    maxLength: 12,
  })
  .map((parts) => parts.join(''));

const validSourceId = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,62}$/);

describe('object-store layout', () => {
  it('never lets a file name take a raw or dead-letter key outside its source and date prefix', () => {
    fc.assert(
      fc.property(validSourceId, hostileName, (sourceId, name) => {
        const fileId = newFileId();
        for (const key of [
          rawKey(sourceId, '2026-01-21', fileId, name),
          deadLetterKey(sourceId, '2026-01-21', fileId, name),
        ]) {
          const zone = key.startsWith('raw/') ? 'raw' : 'dead-letter';
          expect(key.startsWith(`${zone}/source=${sourceId}/date=2026-01-21/${fileId}__`)).toBe(
            true,
          );
          const rest = key.slice(`${zone}/source=${sourceId}/date=2026-01-21/`.length);
          expect(rest).not.toContain('/');
          expect(key.split('/')).not.toContain('..');
          expect(key).toMatch(/^[A-Za-z0-9._=/-]+$/);
          expect(parseObjectKey(key)).toMatchObject({ zone, sourceId, fileId });
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('sanitises names to a safe, non-empty form', () => {
    fc.assert(
      fc.property(hostileName, (name) => {
        const safe = sanitizeFileName(name);
        expect(safe).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*$|^file$/);
        expect(safe.length).toBeGreaterThan(0);
        expect(safe.length).toBeLessThanOrEqual(120);
        expect(safe.startsWith('.')).toBe(false);
      }),
      { numRuns: 2000 },
    );
    expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFileName('..')).toBe('file');
    expect(sanitizeFileName('%2e%2e%2fsecret.csv')).toBe('2e_2e_2fsecret.csv');
    expect(sanitizeFileName('a\uff0f..\uff0fb.csv')).toBe('b.csv');
    expect(sanitizeFileName('orders 2026-01.csv')).toBe('orders_2026-01.csv');
  });

  it('rejects every invalid source id instead of building a key with it', () => {
    const invalid = fc.string().filter((s) => !isValidSourceId(s));
    fc.assert(
      fc.property(invalid, (sourceId) => {
        expect(() => rawKey(sourceId, '2026-01-21', newFileId(), 'a.csv')).toThrow(
          InvalidKeyPartError,
        );
        expect(() => latestPointerKey(sourceId)).toThrow(InvalidKeyPartError);
      }),
      { numRuns: 1000 },
    );
    for (const bad of [
      '',
      'A',
      '-x',
      '_x',
      '../x',
      'x/y',
      'a'.repeat(64),
      'ünï',
      'x\u0000',
      '%2e%2e',
    ]) {
      expect(isValidSourceId(bad)).toBe(false);
    }
  });

  it('keeps run-relative paths inside the run folder', () => {
    const runId = newRunId();
    for (const bad of ['../x', 'a/../../b', '/abs', '', 'a//b', 'a/./b', 'x\u2215y']) {
      expect(() => stagingKey('src', runId, bad)).toThrow(InvalidKeyPartError);
      expect(() => quarantineKey('src', runId, bad)).toThrow(InvalidKeyPartError);
      expect(() => condemnedKey('src', bad)).toThrow(InvalidKeyPartError);
    }
    expect(stagingKey('src', runId, 'part-0.parquet')).toBe(
      `staging/source=src/run_id=${runId}/part-0.parquet`,
    );
  });

  it('builds and parses every key of the layout', () => {
    const runId = newRunId({ now: new Date('2026-01-21T12:00:00Z') });
    expect(curatedPartKey('src', 2, runId, '2026-01-21', 3)).toBe(
      `curated/source=src/schema_v=2/run_id=${runId}/date=2026-01-21/part-00003.parquet`,
    );
    expect(parseObjectKey(curatedPartKey('src', 2, runId, '2026-01-21', 3))).toEqual({
      zone: 'curated-part',
      sourceId: 'src',
      schemaVersion: 2,
      runId,
      date: '2026-01-21',
      part: 3,
    });
    expect(parseObjectKey(runSuccessKey('src', runId))).toEqual({
      zone: 'curated-success',
      sourceId: 'src',
      runId,
    });
    expect(parseObjectKey(latestPointerKey('src'))).toEqual({
      zone: 'curated-latest',
      sourceId: 'src',
    });
    expect(parseObjectKey(quarantineKey('src', runId, 'rows.ndjson'))).toEqual({
      zone: 'quarantine',
      sourceId: 'src',
      runId,
      path: 'rows.ndjson',
    });
    expect(parseObjectKey('raw/source=../date=2026-01-21/x')).toBeUndefined();
    expect(parseObjectKey('somewhere/else')).toBeUndefined();
    expect(() => rawKey('src', '2026-02-30', newFileId(), 'a.csv')).toThrow(InvalidKeyPartError);
  });
});
