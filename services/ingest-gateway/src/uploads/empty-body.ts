import { Readable } from 'node:stream';

/** The body of a request that carried none (Content-Length: 0). */
export function emptyBody(): Readable {
  return Readable.from([]);
}
