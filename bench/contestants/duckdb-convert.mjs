// Contestant "DuckDB alone": converts the same files to one Parquet file with a single
// COPY … TO … (FORMAT parquet), types inferred by DuckDB's own CSV/JSON readers. Runs as a process
// of its own (so its memory is measured alone); prints one JSON line with its timings.
// Usage: node duckdb-convert.mjs '{"files":[…],"format":"csv|ndjson","out":"…parquet","threads":2}'
import { DuckDBInstance } from '@duckdb/node-api';

const job = JSON.parse(process.argv[2]);
const quote = (s) => `'${String(s).replace(/'/g, "''")}'`;
const list = `[${job.files.map(quote).join(', ')}]`;
const reader =
  job.format === 'csv'
    ? `read_csv(${list}, header = true)`
    : `read_json(${list}, format = 'newline_delimited')`;

const t0 = performance.now();
const instance = await DuckDBInstance.create(':memory:', { threads: String(job.threads ?? 2) });
const conn = await instance.connect();
const t1 = performance.now();
await conn.run(
  `COPY (SELECT * FROM ${reader}) TO ${quote(job.out)} (FORMAT parquet, COMPRESSION zstd)`,
);
const t2 = performance.now();
const version = (await conn.runAndReadAll('SELECT version() AS v')).getRowObjectsJson()[0].v;
process.stdout.write(
  `${JSON.stringify({
    startupSeconds: (t1 - t0) / 1000,
    convertSeconds: (t2 - t1) / 1000,
    outputs: [job.out],
    version: `duckdb ${version} (@duckdb/node-api)`,
    maxRssSelf: process.resourceUsage().maxRSS * 1024,
  })}\n`,
);
