import { declaredFormat } from './content-type';

describe('declaredFormat', () => {
  it.each([
    ['text/csv', 'csv'],
    ['text/csv; charset=utf-8', 'csv'],
    ['TEXT/CSV', 'csv'],
    ['application/vnd.ms-excel', 'csv'],
    ['text/tab-separated-values', 'tsv'],
    ['application/json', 'json'],
    ['application/vnd.api+json', 'json'],
    ['application/x-ndjson', 'ndjson'],
    ['application/jsonl', 'ndjson'],
    ['text/plain', 'unknown'],
    ['application/octet-stream', 'unknown'],
    [undefined, 'unknown'],
  ])('%s → %s', (contentType, expected) => {
    expect(declaredFormat(contentType)).toBe(expected);
  });
});
