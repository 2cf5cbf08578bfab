// Command-line options of `npm run bench` (all optional).
import { homedir } from 'node:os';
import { join } from 'node:path';

const HELP = `npm run bench [-- options]

Prepares the data, runs every contestant on the same files in the same run, verifies row
counts, prints one table and writes it as JSON under bench/results/.

  --rows N              rows of the flights table to use (default 3000000, the whole table)
  --file-rows N         rows per split file (default 100000)
  --nested-rows N       rows of the nested-JSON dataset (default rows/10)
  --concurrency N       concurrent HTTP uploads of the end-to-end runs (default 4)
  --big-mb N            size of the large single-file tests in MiB (default 1024; 256 when
                        --rows is under 1000000, to keep small runs short)
  --latency-clients L   concurrent clients of the upload-latency test (default 1,8,32)
  --latency-uploads N   1 MiB uploads per latency level (default 160)
  --scaling F           fractions of --rows for the growth check (default 0.1,0.333,1)
  --contestants L       subset of tributary,duckdb,dlt,pyspark (default all)
  --skip L              parts to skip: stages,latency,big,drift,scaling,nested,ndjson,embedded
  --promoted-grace-ms N how long to wait for run-promoted after run-completed (default 20000)
  --cpu-prof            run the staged Tributary services under node --cpu-prof and print the
                        top self-time functions of each
  --keep                keep the bench namespace's objects in the object store
  --cache DIR           data and venv cache (default ~/.cache/tributary/bench)
  --results DIR         where results go (default bench/results)
  --help`;

function list(value) {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function positiveInt(name, value) {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer`);
  return n;
}

export function parseOptions(argv, repoRoot) {
  const o = {
    rows: 3_000_000,
    fileRows: 100_000,
    nestedRows: undefined,
    concurrency: 4,
    bigMiB: undefined,
    latencyClients: [1, 8, 32],
    latencyUploads: 160,
    scaling: [0.1, 0.333, 1],
    contestants: ['tributary', 'duckdb', 'dlt', 'pyspark'],
    skip: new Set(),
    promotedGraceMs: 20_000,
    cpuProf: false,
    keep: false,
    cache: process.env.TRIBUTARY_BENCH_CACHE ?? join(homedir(), '.cache', 'tributary', 'bench'),
    results: join(repoRoot, 'bench', 'results'),
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      const next = argv[++i];
      if (next === undefined) throw new Error(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--rows':
        o.rows = positiveInt(flag, value());
        break;
      case '--file-rows':
        o.fileRows = positiveInt(flag, value());
        break;
      case '--nested-rows':
        o.nestedRows = positiveInt(flag, value());
        break;
      case '--concurrency':
        o.concurrency = positiveInt(flag, value());
        break;
      case '--big-mb':
        o.bigMiB = positiveInt(flag, value());
        break;
      case '--latency-clients':
        o.latencyClients = list(value()).map((v) => positiveInt(flag, v));
        break;
      case '--latency-uploads':
        o.latencyUploads = positiveInt(flag, value());
        break;
      case '--scaling':
        o.scaling = list(value()).map(Number);
        if (o.scaling.some((f) => !(f > 0 && f <= 1)))
          throw new Error('--scaling: fractions in (0, 1]');
        break;
      case '--contestants':
        o.contestants = list(value());
        break;
      case '--skip':
        o.skip = new Set(list(value()));
        break;
      case '--promoted-grace-ms':
        o.promotedGraceMs = Number(value());
        break;
      case '--cpu-prof':
        o.cpuProf = true;
        break;
      case '--keep':
        o.keep = true;
        break;
      case '--cache':
        o.cache = value();
        break;
      case '--results':
        o.results = value();
        break;
      case '--help':
      case '-h':
        console.log(HELP);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${arg} (see --help)`);
    }
  }
  for (const c of o.contestants) {
    if (!['tributary', 'duckdb', 'dlt', 'pyspark'].includes(c))
      throw new Error(`unknown contestant ${c}`);
  }
  o.nestedRows ??= Math.max(1000, Math.round(o.rows / 10));
  o.bigMiB ??= o.rows >= 1_000_000 ? 1024 : 256;
  if (!o.scaling.includes(1)) o.scaling.push(1);
  o.scaling.sort((a, b) => a - b);
  return o;
}
