/** Magic numbers of formats that are not delimited text or JSON, named in the error a person reads. */
export const BINARY_SIGNATURES: readonly {
  readonly name: string;
  readonly bytes: readonly number[];
}[] = [
  { name: 'gzip-compressed data (decompress it before profiling)', bytes: [0x1f, 0x8b] },
  { name: 'a ZIP archive (or an XLSX workbook)', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { name: 'a Parquet file', bytes: [0x50, 0x41, 0x52, 0x31] },
  { name: 'a Zstandard-compressed stream', bytes: [0x28, 0xb5, 0x2f, 0xfd] },
  { name: 'an XZ-compressed stream', bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00] },
  { name: 'a 7-Zip archive', bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { name: 'a legacy Office document (XLS/DOC)', bytes: [0xd0, 0xcf, 0x11, 0xe0] },
  { name: 'a PNG image', bytes: [0x89, 0x50, 0x4e, 0x47] },
];

export function matchBinarySignature(sample: Uint8Array): string | undefined {
  return BINARY_SIGNATURES.find(
    ({ bytes }) => bytes.length <= sample.length && bytes.every((byte, i) => sample[i] === byte),
  )?.name;
}
