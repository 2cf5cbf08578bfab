import type { ChunkSource } from './chunk-source';
import { type DetectedEncoding, detectEncoding } from './encoding/detect-encoding';
import { TextChunkDecoder } from './encoding/text-chunk-decoder';
import type { TextEncodingName } from '../records/file-format';

/** Bytes inspected to detect encoding, format and dialect. */
export const SAMPLE_BYTES = 64 * 1024;
/** A sample grows up to this size when it does not hold one whole line (very wide CSV headers). */
export const MAX_SAMPLE_BYTES = 4 * 1024 * 1024;

export interface FileSample {
  /** The sample decoded. */
  readonly text: string;
  /** Whether the sample is the whole file. */
  readonly complete: boolean;
  readonly encoding: DetectedEncoding;
}

/** The first bytes of a file, decoded, with their encoding; at least one whole line when there is one. */
export async function readFileSample(
  source: ChunkSource,
  declared?: TextEncodingName,
): Promise<FileSample> {
  let size = SAMPLE_BYTES;
  for (;;) {
    const { bytes, complete } = await source.sample(size);
    const encoding = detectEncoding(bytes, complete, declared);
    const decoder = new TextChunkDecoder(encoding.encoding, encoding.bomLength);
    const text = decoder.decode(bytes) + (complete ? decoder.end() : '');
    const hasLine = /[\r\n]/.test(text);
    if (complete || hasLine || bytes.length >= MAX_SAMPLE_BYTES)
      return { text, complete, encoding };
    size = Math.min(MAX_SAMPLE_BYTES, bytes.length * 4);
  }
}
