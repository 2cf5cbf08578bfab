const MAX_SAFE_NAME_LENGTH = 120;
const FALLBACK_NAME = 'file';

/**
 * A client's file name reduced to `[A-Za-z0-9._-]`, so it can never carry a path separator,
 * a traversal, a control character or a look-alike slash into an object key.
 */
export function sanitizeFileName(name: string): string {
  const normalised = name.normalize('NFKC');
  const lastSegment = normalised.split(/[/\\]/).pop() ?? '';
  const safe = lastSegment
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._-]+/, '')
    .replace(/_+/g, '_')
    .slice(0, MAX_SAFE_NAME_LENGTH)
    .replace(/[.]+$/, '');
  return safe.length > 0 ? safe : FALLBACK_NAME;
}

/** A name is acceptable when it is non-empty, not absurdly long and has no control characters. */
export function isAcceptableFileName(name: unknown): name is string {
  return (
    typeof name === 'string' &&
    name.length > 0 &&
    name.length <= 1024 &&
    // eslint-disable-next-line no-control-regex
    !/[\u0000-\u001f\u007f]/.test(name)
  );
}
