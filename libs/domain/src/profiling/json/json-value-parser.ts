import { JsonNumber } from '../../records/json-number';
import { setRecordValue } from '../../records/set-record-value';

/** Thrown when the text ends inside a value that more input could complete (a signal, not a failure). */
class NeedsMoreInput extends Error {
  constructor() {
    super('the text ends inside a JSON value');
    this.name = 'NeedsMoreInput';
  }
}

/** One shared instance: thrown once per chunk boundary, so building a stack each time would be waste. */
export const NEEDS_MORE_INPUT: Error = new NeedsMoreInput();

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    /** Offset in the parsed text where the problem is. */
    readonly offset: number,
  ) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

/** Deeper nesting is refused rather than overflowing the call stack. */
export const MAX_JSON_DEPTH = 512;

const QUOTE = 34;
const BACKSLASH = 92;

/** Offset of the first character below U+0020 (not allowed raw in a JSON string), or -1. */
function firstControlCharacter(text: string): number {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) < 32) return i;
  return -1;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * A strict JSON (RFC 8259) value parser that keeps every number's exact source text as a
 * `JsonNumber`. About four times faster than `JSON.parse` with a reviver reading
 * `context.source`. It parses in place inside a larger text (a chunk of a stream), between
 * `start` and `end`; when `final` is false and the text ends inside the value it throws
 * `NEEDS_MORE_INPUT` so the caller can retry with more text.
 */
export class JsonValueParser {
  private text = '';
  private pos = 0;
  private end = 0;
  private final = true;

  /** Offset just after the last parsed value. */
  get position(): number {
    return this.pos;
  }

  parse(text: string, start: number, end: number, final: boolean): unknown {
    this.text = text;
    this.pos = start;
    this.end = end;
    this.final = final;
    try {
      this.skipWhitespace();
      return this.value(0);
    } finally {
      this.text = '';
    }
  }

  private value(depth: number): unknown {
    if (this.pos >= this.end) return this.endOfInput('a value');
    const code = this.text.charCodeAt(this.pos);
    switch (code) {
      case 123:
        return this.object(depth + 1);
      case 91:
        return this.array(depth + 1);
      case QUOTE:
        return this.string();
      case 116:
        return this.literal('true', true);
      case 102:
        return this.literal('false', false);
      case 110:
        return this.literal('null', null);
      default:
        if (code === 45 || isDigit(code)) return this.number();
        throw this.unexpected('a value');
    }
  }

  private object(depth: number): Record<string, unknown> {
    if (depth > MAX_JSON_DEPTH)
      throw new JsonSyntaxError(`nesting deeper than ${MAX_JSON_DEPTH} levels`, this.pos);
    const result: Record<string, unknown> = {};
    this.pos++;
    this.skipWhitespace();
    if (this.peek() === 125) {
      this.pos++;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.peek() !== QUOTE) {
        if (this.pos >= this.end) this.endOfInput('a property name');
        throw this.unexpected('a double-quoted property name');
      }
      const key = this.string();
      this.skipWhitespace();
      if (this.peek() !== 58) {
        if (this.pos >= this.end) this.endOfInput("':'");
        throw this.unexpected("':' after a property name");
      }
      this.pos++;
      this.skipWhitespace();
      setRecordValue(result, key, this.value(depth));
      this.skipWhitespace();
      const next = this.peek();
      this.pos++;
      if (next === 44) continue;
      if (next === 125) return result;
      this.pos--;
      if (this.pos >= this.end) this.endOfInput("',' or '}'");
      throw this.unexpected("',' or '}' after a property value");
    }
  }

  private array(depth: number): unknown[] {
    if (depth > MAX_JSON_DEPTH)
      throw new JsonSyntaxError(`nesting deeper than ${MAX_JSON_DEPTH} levels`, this.pos);
    const result: unknown[] = [];
    this.pos++;
    this.skipWhitespace();
    if (this.peek() === 93) {
      this.pos++;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      result.push(this.value(depth));
      this.skipWhitespace();
      const next = this.peek();
      this.pos++;
      if (next === 44) continue;
      if (next === 93) return result;
      this.pos--;
      if (this.pos >= this.end) this.endOfInput("',' or ']'");
      throw this.unexpected("',' or ']' after an array element");
    }
  }

  private string(): string {
    const text = this.text;
    const start = this.pos + 1;
    let close = text.indexOf('"', start);
    let escaped = false;
    for (;;) {
      if (close === -1 || close >= this.end) {
        if (!this.final) throw NEEDS_MORE_INPUT;
        throw new JsonSyntaxError('unterminated string', this.pos);
      }
      let backslashes = 0;
      while (text.charCodeAt(close - 1 - backslashes) === BACKSLASH) backslashes++;
      if (backslashes > 0) escaped = true;
      if (backslashes % 2 === 0) break;
      close = text.indexOf('"', close + 1);
    }
    const raw = text.slice(start, close);
    if (!escaped && raw.indexOf('\\') === -1) {
      if (firstControlCharacter(raw) !== -1) throw this.controlCharacter(start, raw);
      this.pos = close + 1;
      return raw;
    }
    try {
      const value = JSON.parse(text.slice(this.pos, close + 1)) as string;
      this.pos = close + 1;
      return value;
    } catch {
      if (firstControlCharacter(raw) !== -1) throw this.controlCharacter(start, raw);
      throw new JsonSyntaxError('invalid escape sequence in string', start + raw.indexOf('\\'));
    }
  }

  private controlCharacter(start: number, raw: string): JsonSyntaxError {
    const at = firstControlCharacter(raw);
    const code = raw.charCodeAt(at).toString(16).padStart(4, '0');
    return new JsonSyntaxError(`unescaped control character U+${code} in string`, start + at);
  }

  private number(): JsonNumber {
    const text = this.text;
    const end = this.end;
    const start = this.pos;
    let i = start;
    if (text.charCodeAt(i) === 45) i++;
    if (i >= end) return this.numberCut(start);
    const first = text.charCodeAt(i);
    if (first === 48) i++;
    else if (isDigit(first)) while (i < end && isDigit(text.charCodeAt(i))) i++;
    else throw new JsonSyntaxError('invalid number: a digit must follow the minus sign', i);
    if (i < end && text.charCodeAt(i) === 46) {
      const fractionStart = ++i;
      while (i < end && isDigit(text.charCodeAt(i))) i++;
      if (i === fractionStart) {
        if (i >= end) return this.numberCut(start);
        throw new JsonSyntaxError('invalid number: a digit must follow the decimal point', i);
      }
    }
    if (i < end && (text.charCodeAt(i) | 32) === 101) {
      i++;
      if (i < end && (text.charCodeAt(i) === 43 || text.charCodeAt(i) === 45)) i++;
      const exponentStart = i;
      while (i < end && isDigit(text.charCodeAt(i))) i++;
      if (i === exponentStart) {
        if (i >= end) return this.numberCut(start);
        throw new JsonSyntaxError('invalid number: the exponent has no digits', i);
      }
    }
    if (i >= end && !this.final) throw NEEDS_MORE_INPUT;
    this.pos = i;
    return new JsonNumber(text.slice(start, i));
  }

  private numberCut(start: number): never {
    if (!this.final) throw NEEDS_MORE_INPUT;
    throw new JsonSyntaxError('number cut off by the end of the input', start);
  }

  private literal<T>(word: string, value: T): T {
    const available = Math.min(word.length, this.end - this.pos);
    if (this.text.startsWith(word.slice(0, available), this.pos)) {
      if (available === word.length) {
        this.pos += word.length;
        return value;
      }
      if (!this.final) throw NEEDS_MORE_INPUT;
    }
    throw this.unexpected('a value');
  }

  private peek(): number {
    return this.pos < this.end ? this.text.charCodeAt(this.pos) : -1;
  }

  private skipWhitespace(): void {
    const text = this.text;
    for (;;) {
      const code = text.charCodeAt(this.pos);
      if ((code === 32 || code === 10 || code === 13 || code === 9) && this.pos < this.end)
        this.pos++;
      else return;
    }
  }

  private endOfInput(expected: string): never {
    if (!this.final) throw NEEDS_MORE_INPUT;
    throw new JsonSyntaxError(`unexpected end of input, expected ${expected}`, this.pos);
  }

  private unexpected(expected: string): JsonSyntaxError {
    const char = this.text[this.pos] ?? '';
    return new JsonSyntaxError(
      `unexpected ${JSON.stringify(char)}, expected ${expected}`,
      this.pos,
    );
  }
}
