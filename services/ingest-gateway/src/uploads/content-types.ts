/** Media types an upload may declare (parameters such as charset are allowed). */
export const UPLOAD_MEDIA_TYPES = [
  'text/csv',
  'text/tab-separated-values',
  'application/json',
  'application/x-ndjson',
] as const;

export type UploadMediaType = (typeof UPLOAD_MEDIA_TYPES)[number];

export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** The `charset` parameter of a content type, lowercased; undefined when absent. */
export function charsetOf(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return match?.[1]?.toLowerCase();
}

export function isUploadMediaType(value: string): value is UploadMediaType {
  return (UPLOAD_MEDIA_TYPES as readonly string[]).includes(value);
}

export const UPLOAD_ENCODINGS = ['identity', 'gzip'] as const;
