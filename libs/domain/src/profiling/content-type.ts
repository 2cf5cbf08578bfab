/** What the declared content type says about the layout; `unknown` leaves it to sniffing. */
export type DeclaredFormat = 'csv' | 'tsv' | 'json' | 'ndjson' | 'unknown';

const MEDIA_TYPES: Readonly<Record<string, DeclaredFormat>> = {
  'text/csv': 'csv',
  'application/csv': 'csv',
  'text/x-csv': 'csv',
  'application/x-csv': 'csv',
  // What browsers send for .csv files on Windows.
  'application/vnd.ms-excel': 'csv',
  'text/tab-separated-values': 'tsv',
  'text/tsv': 'tsv',
  'application/json': 'json',
  'text/json': 'json',
  'application/x-ndjson': 'ndjson',
  'application/ndjson': 'ndjson',
  'application/x-jsonlines': 'ndjson',
  'application/jsonl': 'ndjson',
  'application/jsonlines': 'ndjson',
};

/** Reads `type/subtype; params`; parameters (charset) are ignored: the bytes decide the encoding. */
export function declaredFormat(contentType: string | undefined): DeclaredFormat {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const known = MEDIA_TYPES[mediaType];
  if (known !== undefined) return known;
  if (mediaType.endsWith('+json')) return 'json';
  return 'unknown';
}
