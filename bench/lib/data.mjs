// The benchmark's input files, prepared once per size and cached:
//  - flights: the 3-million-row table of the npm package vega-datasets (flights-3m.parquet), the
//    first --rows rows exported to CSV and to NDJSON, split into files of --file-rows rows;
//  - nested: the USGS earthquakes GeoJSON features of the same package (nested objects and an
//    array per row), repeated with distinct ids to --nested-rows rows, as NDJSON files;
//  - big: one ~--big-mb MiB CSV and one NDJSON file of flights rows for the single-file tests.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { openDuckDb, quote } from './duckdb.mjs';
import { log } from './log.mjs';

export const VEGA_DATASETS = {
  name: 'vega-datasets',
  version: '3.2.1',
  files: {
    'data/flights-3m.parquet': 'dbeb920c90f59b6ccaff823dcc3d08f25a97fa1ce128d93f40be4e931f5900b0',
    'data/earthquakes.json': 'a42702a83ffbae679f95d1fa53e2cae0bae13b21e599a68cdd50a44fc52129f7',
  },
};

// Bump when the layout or content of prepared files changes (cached data is then rebuilt).
const DATA_FORMAT = 2;

async function sha256(path) {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk);
  return hash.digest('hex');
}

/** Fetches the pinned vega-datasets tarball with `npm pack` (registry integrity checked) once. */
async function vegaDatasets(cache) {
  const dir = join(cache, 'pkg', `${VEGA_DATASETS.name}-${VEGA_DATASETS.version}`);
  const done = join(dir, '.complete');
  if (existsSync(done)) return dir;
  log(`data: fetching ${VEGA_DATASETS.name}@${VEGA_DATASETS.version} from the npm registry`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const pack = spawnSync(
    'npm',
    [
      'pack',
      `${VEGA_DATASETS.name}@${VEGA_DATASETS.version}`,
      '--pack-destination',
      dir,
      '--silent',
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (pack.status !== 0) throw new Error(`npm pack ${VEGA_DATASETS.name} failed`);
  const tarball = join(dir, pack.stdout.trim().split('\n').pop());
  const members = Object.keys(VEGA_DATASETS.files).map((f) => `package/${f}`);
  const tar = spawnSync('tar', ['-xzf', tarball, '-C', dir, ...members], { stdio: 'inherit' });
  if (tar.status !== 0) throw new Error('extracting vega-datasets failed');
  rmSync(tarball);
  for (const [file, expected] of Object.entries(VEGA_DATASETS.files)) {
    const actual = await sha256(join(dir, 'package', file));
    if (actual !== expected) throw new Error(`${file}: sha256 ${actual}, expected ${expected}`);
  }
  writeFileSync(done, new Date().toISOString());
  return dir;
}

function listFiles(dir, ext) {
  return readdirSync(dir)
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => join(dir, f));
}

function describe(dir, ext, rowsPerFile) {
  const files = listFiles(dir, ext).map((path, i) => ({
    path,
    bytes: statSync(path).size,
    rows: rowsPerFile[i],
  }));
  return {
    dir,
    files,
    rows: files.reduce((s, f) => s + f.rows, 0),
    bytes: files.reduce((s, f) => s + f.bytes, 0),
  };
}

/** Runs `build(tmpDir)` unless `dir` is complete; the result's metadata lives in dir/meta.json. */
async function cached(dir, build) {
  const meta = join(dir, 'meta.json');
  if (existsSync(meta)) {
    const m = JSON.parse(readFileSync(meta, 'utf8'));
    if (m.format === DATA_FORMAT) return m.value;
  }
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const value = await build(tmp);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  writeFileSync(meta, JSON.stringify({ format: DATA_FORMAT, value }));
  return value;
}

function splitSizes(total, per) {
  const sizes = [];
  for (let done = 0; done < total; done += per) sizes.push(Math.min(per, total - done));
  return sizes;
}

async function exportFlights(db, parquet, dir, rows, fileRows, format) {
  const conn = db.conn;
  await conn.run(
    `CREATE OR REPLACE TABLE flights AS SELECT * FROM read_parquet(${quote(parquet)}) LIMIT ${rows}`,
  );
  const sizes = splitSizes(rows, fileRows);
  let offset = 0;
  for (const [i, n] of sizes.entries()) {
    const name = `part-${String(i).padStart(5, '0')}.${format === 'csv' ? 'csv' : 'ndjson'}`;
    const options = format === 'csv' ? `FORMAT csv, HEADER true` : `FORMAT json`;
    await conn.run(
      `COPY (SELECT * FROM flights LIMIT ${n} OFFSET ${offset}) TO ${quote(join(dir, name))} (${options})`,
    );
    offset += n;
  }
  return sizes;
}

async function writeLines(path, lines) {
  const out = createWriteStream(path);
  for (const line of lines) if (!out.write(line)) await once(out, 'drain');
  out.end();
  await once(out, 'close');
}

/** Earthquake features repeated to `rows` rows, ids made unique, as NDJSON files. */
async function exportNested(geojsonPath, dir, rows, fileRows) {
  const features = JSON.parse(readFileSync(geojsonPath, 'utf8')).features;
  const sizes = splitSizes(rows, fileRows);
  let i = 0;
  for (const [k, n] of sizes.entries()) {
    function* lines() {
      for (let j = 0; j < n; j++, i++) {
        const f = features[i % features.length];
        const copy = Math.floor(i / features.length);
        yield `${JSON.stringify({ ...f, id: `${f.id}-${copy}` })}\n`;
      }
    }
    await writeLines(join(dir, `part-${String(k).padStart(5, '0')}.ndjson`), lines());
  }
  return sizes;
}

/** One file of about `mib` MiB of flights rows (the table repeated as often as needed). */
async function exportBig(db, parquet, path, mib, format) {
  const conn = db.conn;
  // Bytes per row of this format, measured on a sample.
  const sample = `${path}.sample`;
  const options = format === 'csv' ? `FORMAT csv, HEADER true` : `FORMAT json`;
  await conn.run(
    `COPY (SELECT * FROM read_parquet(${quote(parquet)}) LIMIT 200000) TO ${quote(sample)} (${options})`,
  );
  const perRow = statSync(sample).size / 200000;
  rmSync(sample);
  const rows = Math.round((mib * 1024 * 1024) / perRow);
  const copies = Math.ceil(rows / 3_000_000) + 1;
  await conn.run(
    `COPY (SELECT f.* FROM range(${copies}) r, read_parquet(${quote(parquet)}) f LIMIT ${rows}) TO ${quote(path)} (${options})`,
  );
  return { path, rows, bytes: statSync(path).size };
}

export async function prepareData(options) {
  const started = Date.now();
  const pkg = await vegaDatasets(options.cache);
  const parquet = join(pkg, 'package', 'data', 'flights-3m.parquet');
  const geojson = join(pkg, 'package', 'data', 'earthquakes.json');
  const root = join(options.cache, 'data');
  mkdirSync(root, { recursive: true });
  const db = await openDuckDb({ threads: 2 });
  try {
    const total = Number(
      (await db.rows(`SELECT count(*) AS n FROM read_parquet(${quote(parquet)})`))[0].n,
    );
    if (options.rows > total)
      throw new Error(`--rows ${options.rows}: the table has ${total} rows`);
    const datasets = {};
    for (const format of ['csv', 'ndjson']) {
      const dir = join(root, `flights-${options.rows}-per-${options.fileRows}-${format}`);
      const sizes = await cached(dir, async (tmp) => {
        log(
          `data: exporting ${options.rows} flights rows to ${format} files of ${options.fileRows} rows`,
        );
        return exportFlights(db, parquet, tmp, options.rows, options.fileRows, format);
      });
      datasets[`flights-${format}`] = {
        name: `flights ${format.toUpperCase()}`,
        format,
        contentType: format === 'csv' ? 'text/csv' : 'application/x-ndjson',
        ...describe(dir, format === 'csv' ? '.csv' : '.ndjson', sizes),
      };
    }
    const nestedDir = join(
      root,
      `earthquakes-${options.nestedRows}-per-${options.fileRows}-ndjson`,
    );
    const nestedSizes = await cached(nestedDir, async (tmp) => {
      log(`data: writing ${options.nestedRows} nested earthquake rows as NDJSON`);
      return exportNested(geojson, tmp, options.nestedRows, options.fileRows);
    });
    datasets['nested-ndjson'] = {
      name: 'earthquakes nested NDJSON',
      format: 'ndjson',
      nested: true,
      contentType: 'application/x-ndjson',
      ...describe(nestedDir, '.ndjson', nestedSizes),
    };
    const big = {};
    for (const format of ['csv', 'ndjson']) {
      const dir = join(root, `big-${options.bigMiB}MiB-${format}`);
      big[format] = await cached(dir, async (tmp) => {
        log(`data: writing a ${options.bigMiB} MiB ${format} file`);
        const file = await exportBig(
          db,
          parquet,
          join(tmp, `flights-big.${format}`),
          options.bigMiB,
          format,
        );
        return { rows: file.rows, bytes: file.bytes, name: `flights-big.${format}` };
      });
      big[format] = {
        ...big[format],
        path: join(dir, big[format].name),
        contentType: format === 'csv' ? 'text/csv' : 'application/x-ndjson',
      };
    }
    return {
      source: { package: `${VEGA_DATASETS.name}@${VEGA_DATASETS.version}`, parquet, geojson },
      datasets,
      big,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    db.close();
  }
}
