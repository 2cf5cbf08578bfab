/** `JSON.rawJSON` (Node ≥ 21) is missing from the ES2023 lib typings. */
const json = JSON as unknown as { rawJSON(text: string): unknown };

/**
 * A JSON number kept as its exact source text, so integers above 2^53 and long decimals
 * survive reading. `JSON.stringify` writes the source text back unchanged.
 */
export class JsonNumber {
  constructor(readonly source: string) {}

  toJSON(): unknown {
    return json.rawJSON(this.source);
  }

  toString(): string {
    return this.source;
  }
}
