import * as domain from './index';

describe('@tributary/domain public API', () => {
  it('exports the capabilities other projects build on', () => {
    const functions = [
      'openRecordReader',
      'profileStream',
      'detectFormat',
      'detectEncoding',
      'detectCsvDialect',
      'inferTextType',
      'inferValueType',
      'joinTypes',
      'normaliseColumnName',
      'assignColumns',
      'diffSchemas',
      'isWidening',
      'classifyChange',
      'planAccept',
      'planDeprecate',
      'validateRecord',
      'convertValue',
    ] as const;
    for (const name of functions) expect(typeof domain[name]).toBe('function');
    expect(domain.TEXT_TYPE_PATTERNS.integer.test('007')).toBe(false);
    expect(new domain.FileParseError('x', { line: 1 })).toMatchObject({
      retriable: false,
      code: 'FILE_PARSE_ERROR',
    });
  });

  it('runs a file from bytes to a classified schema change and validated rows', async () => {
    async function* file(text: string) {
      yield new TextEncoder().encode(text);
    }
    const v1 = await domain.profileStream(file('id,zip\n1,00501\n'), { contentType: 'text/csv' });
    const v2 = await domain.profileStream(file('id,zip,email\n3000000000,10001,a@b.c\n'), {
      contentType: 'text/csv',
    });
    const diff = domain.diffSchemas(v1.fields, v2.fields, { active: v1.stats, observed: v2.stats });
    const change = domain.classifyChange(v1.fields, v2.fields, diff, 'evolve');
    expect(change).toMatchObject({ changed: true, status: 'ACTIVE', compatibility: 'BACKWARD' });
    expect(
      domain.validateRecord(
        { id: '3000000000', zip: '10001', email: null },
        change.nextFields,
        'evolve',
      ),
    ).toEqual({
      ok: true,
      row: { id: 3000000000n, zip: '10001', email: null },
      discarded: [],
    });
  });
});
