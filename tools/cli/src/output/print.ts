export interface OutputOptions {
  readonly json?: boolean;
}

/** JSON for machines (`--json`), an aligned table or key/value list for people. */
export function print(value: unknown, options: OutputOptions): void {
  if (options.json) {
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    return;
  }
  if (Array.isArray(value)) {
    process.stdout.write(`${table(value as Record<string, unknown>[])}\n`);
    return;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    const width = Math.max(0, ...entries.map(([k]) => k.length));
    for (const [k, v] of entries) process.stdout.write(`${k.padEnd(width)}  ${cell(v)}\n`);
    return;
  }
  process.stdout.write(`${cell(value)}\n`);
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

export function table(
  rows: readonly Record<string, unknown>[],
  columns?: readonly string[],
): string {
  if (rows.length === 0) return '(no rows)';
  const cols = columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cells = rows.map((r) => cols.map((c) => cell(r[c])));
  const widths = cols.map((c, i) =>
    Math.min(60, Math.max(c.length, ...cells.map((row) => row[i]!.length))),
  );
  const line = (values: readonly string[]) =>
    values
      .map((v, i) =>
        v.length > widths[i]! ? `${v.slice(0, widths[i]! - 1)}…` : v.padEnd(widths[i]!),
      )
      .join('  ');
  return [line(cols), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
