import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { FileParseError } from '@tributary/domain';
import { TransientError } from '@tributary/ports';

const ZLIB_DATA_ERRORS = new Set([
  'Z_DATA_ERROR',
  'Z_BUF_ERROR',
  'Z_NEED_DICT',
  'ERR_INVALID_ARG_TYPE',
]);

/**
 * The bytes of a landed file as a chunk stream, decompressed when it was uploaded gzip'd.
 * A corrupt gzip stream is a data error (FileParseError); a broken connection is transient.
 */
export async function* landedChunks(body: Readable, gzip: boolean): AsyncIterable<Uint8Array> {
  if (!gzip) {
    try {
      for await (const chunk of body) yield chunk as Uint8Array;
    } catch (error) {
      throw new TransientError(
        'OBJECT_READ_FAILED',
        `reading the landed object: ${(error as Error).message}`,
        { cause: error },
      );
    }
    return;
  }
  const gunzip = createGunzip();
  body.on('error', (error) =>
    gunzip.destroy(new TransientError('OBJECT_READ_FAILED', error.message, { cause: error })),
  );
  body.pipe(gunzip);
  try {
    for await (const chunk of gunzip) yield chunk as Uint8Array;
  } catch (error) {
    if (error instanceof TransientError) throw error;
    const code = (error as { code?: string }).code ?? '';
    if (
      ZLIB_DATA_ERRORS.has(code) ||
      /incorrect header check|unexpected end of file|invalid/i.test((error as Error).message)
    ) {
      throw new FileParseError(
        `the body is declared gzip but is not a valid gzip stream (${(error as Error).message})`,
        {},
      );
    }
    throw error;
  } finally {
    body.destroy();
  }
}
