/** Where in the file a parse error was found; all 1-based except the byte offset. */
export interface FileLocation {
  readonly line?: number;
  readonly column?: number;
  /** 0-based offset in the raw bytes, when known. */
  readonly byteOffset?: number;
}

/**
 * The file as a whole cannot be read (malformed JSON, binary content, invalid structure).
 * A data error: retrying cannot help, the file goes to the dead-letter zone.
 */
export class FileParseError extends Error {
  readonly code = 'FILE_PARSE_ERROR';
  readonly retriable = false;
  readonly reason: string;
  readonly location: FileLocation;

  constructor(reason: string, location: FileLocation = {}) {
    super(`${reason}${describeLocation(location)}`);
    this.name = 'FileParseError';
    this.reason = reason;
    this.location = location;
  }
}

function describeLocation({ line, column, byteOffset }: FileLocation): string {
  const parts: string[] = [];
  if (line !== undefined) parts.push(`line ${line}`);
  if (column !== undefined) parts.push(`column ${column}`);
  if (byteOffset !== undefined) parts.push(`byte ${byteOffset}`);
  return parts.length > 0 ? ` (at ${parts.join(', ')})` : '';
}
