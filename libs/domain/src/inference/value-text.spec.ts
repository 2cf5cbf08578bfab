import { JsonNumber } from '../records/json-number';
import { valueText } from './value-text';

describe('valueText', () => {
  it.each([
    ['abc', 'abc'],
    [new JsonNumber('1.50'), '1.50'],
    [true, 'true'],
    [42, '42'],
    [12n, '12'],
    [{ a: [new JsonNumber('1e3'), null] }, '{"a":[1e3,null]}'],
    [{ big: 10n ** 20n }, '{"big":100000000000000000000}'],
  ])('%j → %s', (value, text) => {
    expect(valueText(value)).toBe(text);
  });
});
