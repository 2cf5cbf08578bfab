import fc from 'fast-check';
import { fieldName, fieldPath } from './field-name';

describe('fieldName', () => {
  it.each([
    [['zip'], 'zip'],
    [['address', 'city'], 'address.city'],
    [['a.b'], 'a\\.b'],
    [['a', 'b.c'], 'a.b\\.c'],
    [['back\\slash'], 'back\\\\slash'],
  ])('%j → %s', (path, name) => {
    expect(fieldName(path)).toBe(name);
    expect(fieldPath(name)).toEqual(path);
  });

  it('never gives two paths the same name (property)', () => {
    const path = fc.array(fc.string({ maxLength: 4 }), { minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(path, path, (a, b) => {
        if (JSON.stringify(a) !== JSON.stringify(b)) expect(fieldName(a)).not.toBe(fieldName(b));
        expect(fieldPath(fieldName(a))).toEqual(a);
      }),
    );
  });
});
