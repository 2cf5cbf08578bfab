import { marshall } from '@aws-sdk/util-dynamodb';
import { itemWithMaps, plainObjectsAsMaps } from './plain-objects-as-maps';

describe('plainObjectsAsMaps', () => {
  it('turns nested plain objects into maps, arrays kept, other values untouched', () => {
    const date = new Date(0);
    const out = plainObjectsAsMaps({ a: { b: [1, { c: 'x' }] }, d: date, e: null }) as Map<
      string,
      unknown
    >;
    expect(out).toBeInstanceOf(Map);
    const a = out.get('a') as Map<string, unknown>;
    expect(a).toBeInstanceOf(Map);
    const list = a.get('b') as unknown[];
    expect(list[0]).toBe(1);
    expect(list[1]).toEqual(new Map([['c', 'x']]));
    expect(out.get('d')).toBe(date);
    expect(out.get('e')).toBeNull();
  });

  it('lets the SDK marshal maps keyed constructor, toString and valueOf', () => {
    const fields = {
      constructor: { type: 'string' },
      toString: { type: 'integer' },
      valueOf: { type: 'date' },
    };
    expect(() => marshall({ pk: 'p', fields })).toThrow();
    expect(marshall(itemWithMaps({ pk: 'p', fields }))).toEqual({
      pk: { S: 'p' },
      fields: {
        M: {
          constructor: { M: { type: { S: 'string' } } },
          toString: { M: { type: { S: 'integer' } } },
          valueOf: { M: { type: { S: 'date' } } },
        },
      },
    });
  });
});
