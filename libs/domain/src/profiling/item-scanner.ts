import type { ReaderItem } from '../records/record-item';

/** Turns a file's text, chunk by chunk, into records and row errors. */
export interface ItemScanner {
  push(text: string): ReaderItem[];
  /** The items left when the text ended; throws `FileParseError` if the file is cut short. */
  finish(): ReaderItem[];
}

/** Runs a scanner over decoded text, one batch of items per chunk that completed any. */
export async function* scanTexts(
  texts: AsyncIterable<string>,
  scanner: ItemScanner,
): AsyncGenerator<ReaderItem[]> {
  for await (const text of texts) {
    const items = scanner.push(text);
    if (items.length > 0) yield items;
  }
  const last = scanner.finish();
  if (last.length > 0) yield last;
}
