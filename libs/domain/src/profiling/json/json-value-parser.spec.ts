import fc from 'fast-check';
import { JsonNumber } from '../../records/json-number';
import {
  JsonSyntaxError,
  JsonValueParser,
  MAX_JSON_DEPTH,
  NEEDS_MORE_INPUT,
} from './json-value-parser';

function parse(text: string): unknown {
  return new JsonValueParser().parse(text, 0, text.length, true);
}

/** What JSON.parse would give: numbers as JS numbers. */
function plain(value: unknown): unknown {
  if (value instanceof JsonNumber) return Number(value.source);
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, plain(inner)]));
  }
  return value;
}

function syntaxError(text: string): JsonSyntaxError {
  try {
    parse(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) return error;
    throw error;
  }
  throw new Error(`no error for ${text}`);
}

describe('JsonValueParser', () => {
  it('keeps the exact source text of numbers', () => {
    const value = parse(
      '{"big": 12345678901234567890, "dec": 0.10000000000000000001, "e": -1.5E+3, "one": 1.0}',
    );
    expect(value).toEqual({
      big: new JsonNumber('12345678901234567890'),
      dec: new JsonNumber('0.10000000000000000001'),
      e: new JsonNumber('-1.5E+3'),
      one: new JsonNumber('1.0'),
    });
    expect(JSON.stringify(value)).toBe(
      '{"big":12345678901234567890,"dec":0.10000000000000000001,"e":-1.5E+3,"one":1.0}',
    );
  });

  it('reads strings with escapes, unicode and surrogate pairs', () => {
    expect(parse(String.raw`["a\"b", "\\", "\u00e9\n", "\ud83d\ude00", "é"]`)).toEqual([
      'a"b',
      '\\',
      'é\n',
      '😀',
      'é',
    ]);
  });

  it('reads literals, nesting and whitespace', () => {
    expect(parse(' \t\r\n{ "a" : [ true , false , null , { } , [ ] ] } ')).toEqual({
      a: [true, false, null, {}, []],
    });
  });

  it('keeps a "__proto__" key as an own property', () => {
    const value = parse('{"__proto__": {"x": 1}}') as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  it('lets the last of duplicate keys win, like JSON.parse', () => {
    expect(plain(parse('{"a":1,"a":2}'))).toEqual({ a: 2 });
  });

  it.each([
    ['{"a":1,}', 'unexpected "}", expected a double-quoted property name', 7],
    ['[1,]', 'unexpected "]", expected a value', 3],
    ['{"a" 1}', `unexpected "1", expected ':' after a property name`, 5],
    ['{"a":1 "b":2}', `unexpected "\\"", expected ',' or '}' after a property value`, 7],
    ['[1 2]', `unexpected "2", expected ',' or ']' after an array element`, 3],
    ['-', 'number cut off by the end of the input', 0],
    ['1.', 'number cut off by the end of the input', 0],
    ['1.e5', 'invalid number: a digit must follow the decimal point', 2],
    ['1e+', 'number cut off by the end of the input', 0],
    ['"abc', 'unterminated string', 0],
    ['"a\tb"', 'unescaped control character U+0009 in string', 2],
    ['"\\x"', 'invalid escape sequence in string', 1],
    ['tru', 'unexpected "t", expected a value', 0],
    ['nul!', 'unexpected "n", expected a value', 0],
    ["{'a':1}", `unexpected "'", expected a double-quoted property name`, 1],
    ['', 'unexpected end of input, expected a value', 0],
    ['{"a":', 'unexpected end of input, expected a value', 5],
  ])('rejects %j with a precise reason and offset', (text, message, offset) => {
    const error = syntaxError(text);
    expect(error.message).toBe(message);
    expect(error.offset).toBe(offset);
  });

  it('ends a number at a leading zero, leaving the stray digit to the caller', () => {
    const parser = new JsonValueParser();
    expect(parser.parse('01', 0, 2, true)).toEqual(new JsonNumber('0'));
    expect(parser.position).toBe(1);
    expect(syntaxError('[01]').message).toBe(
      `unexpected "1", expected ',' or ']' after an array element`,
    );
  });

  it('refuses nesting deeper than the limit instead of overflowing the stack', () => {
    const deep = '['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1);
    expect(syntaxError(deep).message).toBe(`nesting deeper than ${MAX_JSON_DEPTH} levels`);
    const ok = '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH);
    expect(() => parse(ok)).not.toThrow();
  });

  it('asks for more input when the text ends inside a value that could go on', () => {
    const parser = new JsonValueParser();
    for (const cut of ['{"a": 1', '{"a": "x', '[1, 2', '12', 'tr', '{"a": 1}'.slice(0, 3), '-']) {
      expect(() => parser.parse(cut, 0, cut.length, false)).toThrow(NEEDS_MORE_INPUT);
    }
    expect(parser.parse('{"a": 1} ', 0, 9, false)).toEqual({ a: new JsonNumber('1') });
    expect(parser.position).toBe(8);
  });

  it('parses within bounds inside a larger text', () => {
    const parser = new JsonValueParser();
    const text = 'xx{"a":[1,2]}yy';
    expect(plain(parser.parse(text, 2, 13, true))).toEqual({ a: [1, 2] });
    expect(parser.position).toBe(13);
  });

  it('agrees with JSON.parse on any JSON document (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, pretty) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined);
        expect(plain(parse(text))).toEqual(JSON.parse(text));
      }),
    );
  });

  it('rejects whatever JSON.parse rejects (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (text) => {
        let reference = true;
        try {
          JSON.parse(text);
        } catch {
          reference = false;
        }
        let ours = true;
        try {
          const parser = new JsonValueParser();
          parser.parse(text, 0, text.length, true);
          if (/\S/.test(text.slice(parser.position))) ours = false;
        } catch {
          ours = false;
        }
        expect(ours).toBe(reference);
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts and rejects exactly like JSON.parse near valid documents (property)', () => {
    const mutated = fc
      .tuple(
        fc.jsonValue({ maxDepth: 3 }),
        fc.nat(),
        fc.constantFrom('', ',', '"', '}', ']', '{', '0', '-', '.', 'e', ' ', '\\'),
      )
      .map(([value, at, insert]) => {
        const text = JSON.stringify(value);
        const cut = at % (text.length + 1);
        return text.slice(0, cut) + insert + text.slice(cut + (insert === '' ? 1 : 0));
      });
    fc.assert(
      fc.property(mutated, (text) => {
        let reference: unknown;
        let referenceOk = true;
        try {
          reference = JSON.parse(text);
        } catch {
          referenceOk = false;
        }
        const parser = new JsonValueParser();
        let ours: unknown;
        let oursOk = true;
        try {
          ours = parser.parse(text, 0, text.length, true);
          if (/\S/.test(text.slice(parser.position))) oursOk = false;
        } catch {
          oursOk = false;
        }
        expect(oursOk).toBe(referenceOk);
        if (oursOk) expect(plain(ours)).toEqual(reference);
      }),
      { numRuns: 3000 },
    );
  });
});
