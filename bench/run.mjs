// `npm run bench`: prepares the data, runs every contestant on the same files in the same run,
// checks every contestant's output row count against the input before any figure is printed,
// prints one table and writes it (with the machine and versions) as JSON under bench/results/.
// See docs/benchmarks.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyseDir } from './lib/cpuprofile.mjs';
import { prepareData } from './lib/data.mjs';
import { parquetRowCount } from './lib/duckdb.mjs';
import { log } from './lib/log.mjs';
import { parseOptions } from './lib/options.mjs';
import { ProcessMonitor } from './lib/procmon.mjs';
import { ensureVenv, runJsonProcess } from './lib/python.mjs';
import { evaluateTargets, growth, renderReport } from './lib/report.mjs';

const repoRoot = dirname(dirname(fileURLToPath(import.meta.url)));
const MB = 1e6;

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: repoRoot, ...opts });
  return r.status === 0 ? (r.stdout || r.stderr).trim() : undefined;
}

function machineInfo() {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpuModel: cpus[0]?.model?.trim(),
    memoryBytes: os.totalmem(),
    kernel: `${os.type()} ${os.release()}`,
    loadAvg: os.loadavg(),
    node: process.version,
    python: sh('python3', ['--version']),
    java: sh('java', ['-version'])?.split('\n')[0],
  };
}

function packageVersion(name) {
  try {
    return JSON.parse(readFileSync(join(repoRoot, 'node_modules', name, 'package.json'), 'utf8'))
      .version;
  } catch {
    return undefined;
  }
}

// ------------------------------------------------------------------------------------- the stack
function stackHealthy() {
  return (
    spawnSync('bash', [join(repoRoot, 'scripts/stack/status.sh')], { stdio: 'ignore' }).status === 0
  );
}

function ensureStack() {
  if (stackHealthy()) {
    log('stack: already up (left running afterwards)');
    return false;
  }
  log('stack: starting the local stack (npm run stack:up); it is stopped again at the end');
  const r = spawnSync('bash', [join(repoRoot, 'scripts/stack/up.sh')], {
    stdio: ['ignore', 2, 2],
    cwd: repoRoot,
  });
  if (r.status !== 0) throw new Error('the local stack did not start');
  return true;
}

function stopStack() {
  log('stack: stopping the stack this bench started');
  spawnSync('bash', [join(repoRoot, 'scripts/stack/down.sh')], {
    stdio: ['ignore', 2, 2],
    cwd: repoRoot,
  });
}

function buildWorkspace() {
  log('build: tsc -b tsconfig.build.json (incremental)');
  const r = spawnSync('npx', ['tsc', '-b', 'tsconfig.build.json'], {
    stdio: ['ignore', 2, 2],
    cwd: repoRoot,
  });
  if (r.status === 0) return undefined;
  const services = ['ingest-gateway', 'profiler', 'promoter', 'quality', 'notifier'];
  const missing = services.filter(
    (s) => !existsSync(join(repoRoot, 'services', s, 'dist', 'main.js')),
  );
  if (missing.some((s) => ['ingest-gateway', 'profiler', 'promoter'].includes(s))) {
    throw new Error(`workspace build failed and ${missing.join(', ')} have no earlier build`);
  }
  const warning =
    'the workspace build failed (see above); the services run from their last successful build';
  log(`build: WARNING: ${warning}`);
  return warning;
}

// ------------------------------------------------------------------------------------- the peers
async function runPeer(contestant, dataset, { workDir, venv, logDir, label }) {
  const out = join(workDir, `${contestant}-${label}`);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  let command;
  let args;
  let env = {};
  if (contestant === 'duckdb') {
    command = process.execPath;
    args = [
      join(repoRoot, 'bench/contestants/duckdb-convert.mjs'),
      JSON.stringify({
        files: dataset.files.map((f) => f.path),
        format: dataset.format,
        out: join(out, 'out.parquet'),
        threads: 2,
      }),
    ];
  } else if (contestant === 'dlt') {
    command = venv.python;
    args = [
      join(repoRoot, 'bench/python/dlt_convert.py'),
      JSON.stringify({
        dir: dataset.dir,
        glob: `*.${dataset.format}`,
        format: dataset.format,
        table: dataset.nested ? 'earthquakes' : 'flights',
        out: join(out, 'dest'),
        work: join(out, 'work'),
        workers: 2,
      }),
    ];
  } else {
    command = venv.python;
    args = [
      join(repoRoot, 'bench/python/spark_convert.py'),
      JSON.stringify({
        files: dataset.files.map((f) => f.path),
        format: dataset.format,
        out: join(out, 'parquet'),
        driverMemory: '2g',
      }),
    ];
    env = {
      SPARK_LOCAL_IP: '127.0.0.1',
      PYSPARK_PYTHON: venv.python,
      PYSPARK_DRIVER_PYTHON: venv.python,
    };
  }
  let monitor;
  const t0 = performance.now();
  const entry = { contestant, dataset: label, rowsIn: dataset.rows, bytesIn: dataset.bytes };
  try {
    const res = await runJsonProcess(command, args, {
      env,
      logPath: join(logDir, `${contestant}-${label}.log`),
      onStart: (pid) => (monitor = new ProcessMonitor({ [contestant]: pid }, { intervalMs: 100 })),
    });
    const wall = (performance.now() - t0) / 1000;
    const mon = monitor.stop();
    const processes = {};
    for (const p of mon.processes) {
      const key = p.name.replace(/\/(python[\d.]*|node)$/, '');
      const prev = processes[key];
      if (!prev || prev.peakRss < p.peakRss)
        processes[key] = { peakRss: p.peakRss, cpuSeconds: p.cpuSeconds };
    }
    if (processes[contestant])
      processes[contestant].peakRss = Math.max(processes[contestant].peakRss, res.maxRssSelf ?? 0);
    const rowsOut = await parquetRowCount(res.outputs);
    Object.assign(entry, {
      version: res.version,
      rowsOut,
      seconds: res.convertSeconds,
      startupSeconds: res.startupSeconds,
      processWallSeconds: wall,
      steps: res.steps,
      processes,
      peakTotalRss: mon.peakTotalRss,
      outputFiles: res.outputs.length,
      tables: res.tables,
    });
    if (rowsOut !== dataset.rows) {
      entry.status = 'failed';
      entry.reason = `lost rows: ${rowsOut} of ${dataset.rows} in its Parquet output`;
    } else {
      entry.status = 'ok';
      entry.rowsPerSecond = dataset.rows / res.convertSeconds;
      entry.mbPerSecond = dataset.bytes / MB / res.convertSeconds;
    }
  } catch (error) {
    monitor?.stop();
    entry.status = 'failed';
    entry.reason = String(error.message ?? error).split('\n')[0];
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  return entry;
}

const LABELS = {
  tributary: 'Tributary end to end',
  duckdb: 'DuckDB COPY … TO parquet',
  dlt: 'dlt → Parquet (filesystem)',
  pyspark: 'PySpark local[2]',
};

// ------------------------------------------------------------------------------------------ main
async function main() {
  const options = parseOptions(process.argv.slice(2), repoRoot);
  const startedAt = new Date().toISOString();
  const stamp = startedAt.replace(/[:.]/g, '-');
  const runDir = join(options.cache, 'work', stamp);
  const resultsDir = options.results;
  const cpuProfDir = join(resultsDir, `${stamp}-cpuprof`);
  mkdirSync(runDir, { recursive: true });
  mkdirSync(resultsDir, { recursive: true });
  const logDir = join(runDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const machine = machineInfo();
  const loadSamples = [];
  const loadTimer = setInterval(() => loadSamples.push(os.loadavg()[0]), 5000);
  loadTimer.unref();
  if (machine.loadAvg[0] > 0.5)
    log(`warning: load average ${machine.loadAvg[0].toFixed(2)} at start; figures may be noisy`);

  const data = await prepareData(options);
  log(`data ready in ${data.seconds.toFixed(1)} s`);
  const datasetOrder = ['flights-csv'];
  if (!options.skip.has('ndjson')) datasetOrder.push('flights-ndjson');
  if (!options.skip.has('nested')) datasetOrder.push('nested-ndjson');

  const want = (c) => options.contestants.includes(c);
  const versions = { duckdb: `@duckdb/node-api ${packageVersion('@duckdb/node-api')}` };
  let venv;
  if (want('dlt') || want('pyspark')) {
    venv = ensureVenv(options.cache, join(repoRoot, 'bench/python/requirements.txt'));
    const v = sh(venv.python, [
      '-c',
      'import dlt, pyspark, pyarrow, pandas; print(f"dlt {dlt.__version__}, pyspark {pyspark.__version__}, pyarrow {pyarrow.__version__}, pandas {pandas.__version__}")',
    ]);
    versions.python = `${sh(venv.python, ['--version'])}: ${v}`;
  }
  versions.java = machine.java;
  const entries = [];
  const errors = {};
  const scalingPoints = { duckdb: [] };

  // Peers first, while no Tributary service is running.
  for (const label of datasetOrder) {
    const dataset = data.datasets[label];
    for (const c of ['duckdb', 'dlt', 'pyspark'].filter(want)) {
      log(`${c}: ${dataset.name} (${dataset.rows} rows)`);
      const e = await runPeer(c, dataset, { workDir: runDir, venv, logDir, label });
      e.label = LABELS[c];
      entries.push(e);
      log(
        `${c}: ${e.status === 'ok' ? `${e.seconds.toFixed(2)} s, ${e.rowsOut} rows verified` : `FAILED: ${e.reason}`}`,
      );
      if (c === 'duckdb' && label === 'flights-csv' && e.status === 'ok')
        scalingPoints.duckdb.push({ rows: e.rowsIn, seconds: e.seconds });
    }
  }
  if (want('duckdb') && !options.skip.has('scaling')) {
    const csv = data.datasets['flights-csv'];
    const counts = new Set();
    for (const f of options.scaling.filter((x) => x < 1)) {
      const n = Math.max(1, Math.round(csv.files.length * f));
      if (n === csv.files.length || counts.has(n)) continue;
      counts.add(n);
      const files = csv.files.slice(0, n);
      const subset = {
        ...csv,
        files,
        rows: files.reduce((s, x) => s + x.rows, 0),
        bytes: files.reduce((s, x) => s + x.bytes, 0),
      };
      const e = await runPeer('duckdb', subset, {
        workDir: runDir,
        venv,
        logDir,
        label: `flights-csv@${subset.rows}`,
      });
      if (e.status === 'ok') scalingPoints.duckdb.push({ rows: e.rowsIn, seconds: e.seconds });
    }
  }

  let tributary;
  let profiles;
  if (want('tributary')) {
    const startedStack = ensureStack();
    try {
      const buildWarning = buildWorkspace();
      if (buildWarning) errors.build = buildWarning;
      const { runTributary } = await import('./lib/tributary.mjs');
      tributary = await runTributary(options, data, { workDir: runDir, cpuProfDir });
      Object.assign(errors, tributary.errors);
      versions.tributary = `services of this tree (stack: Kafka 3.9.1, Apicurio 3.3.3, DynamoDB Local 3.1.0, S3Proxy 4.0.0 — see scripts/stack/lib.sh)`;
      for (const label of datasetOrder) {
        const run = tributary.runs[label];
        const dataset = data.datasets[label];
        const e = {
          contestant: 'tributary',
          label: LABELS.tributary,
          dataset: label,
          rowsIn: dataset.rows,
          bytesIn: dataset.bytes,
        };
        if (!run) {
          Object.assign(e, {
            status: 'failed',
            reason: (tributary.errors[label] ?? 'not run').split('\n')[0],
          });
        } else {
          const processes = {};
          for (const [k, v] of Object.entries(run.services)) processes[k] = v;
          Object.assign(e, {
            rowsOut: run.rowsOut,
            seconds: run.wallSeconds,
            measuredTo: run.measuredTo,
            processes,
            phases: run.phases,
          });
          if (run.rowsOut !== dataset.rows) {
            e.status = 'failed';
            e.reason = `lost rows: ${run.rowsOut} of ${dataset.rows} published (${run.rowsQuarantined} quarantined)`;
          } else {
            e.status = 'ok';
            e.rowsPerSecond = dataset.rows / run.wallSeconds;
            e.mbPerSecond = dataset.bytes / MB / run.wallSeconds;
          }
        }
        entries.unshift(e);
      }
      scalingPoints.tributary = Object.entries(tributary.runs)
        .filter(([k]) => k === 'flights-csv' || k.startsWith('flights-csv@'))
        .map(([, r]) => ({
          rows: r.rowsIn,
          seconds: r.wallSeconds,
          verified: r.rowsOut === r.rowsIn,
        }))
        .filter((p) => p.verified)
        .sort((a, b) => a.rows - b.rows);
      if (options.cpuProf)
        profiles = analyseDir(cpuProfDir, repoRoot, tributary.stages?.profileWindowsUs);
    } catch (error) {
      errors.tributary = String(error?.stack ?? error);
      log(`tributary FAILED: ${error.message}`);
    } finally {
      if (startedStack) stopStack();
    }
  }
  // Sort: Tributary first, then the peers, per dataset.
  const order = ['tributary', 'duckdb', 'dlt', 'pyspark'];
  entries.sort((a, b) => order.indexOf(a.contestant) - order.indexOf(b.contestant));
  const duck = entries.find((e) => e.contestant === 'duckdb' && e.version);
  if (duck) versions.duckdb = duck.version;

  const scaling = {};
  for (const [who, points] of Object.entries(scalingPoints)) {
    const unique = [...new Map(points.map((p) => [p.rows, p])).values()].sort(
      (a, b) => a.rows - b.rows,
    );
    if (unique.length)
      scaling[who === 'tributary' ? 'Tributary end to end' : 'DuckDB COPY'] = {
        points: unique,
        fit: growth(unique),
      };
  }
  clearInterval(loadTimer);
  loadSamples.push(os.loadavg()[0]);
  const result = {
    load: {
      mean: loadSamples.reduce((a, b) => a + b, 0) / loadSamples.length,
      max: Math.max(...loadSamples),
      samples: loadSamples.length,
    },
    startedAt,
    finishedAt: new Date().toISOString(),
    options: { ...options, skip: [...options.skip] },
    machine,
    versions,
    tributaryCommit: `${sh('git', ['rev-parse', '--short', 'HEAD']) ?? 'unknown'}${sh('git', ['status', '--porcelain'])?.length ? ' (with uncommitted changes)' : ''}`,
    data: {
      source: data.source.package,
      datasets: Object.fromEntries(
        Object.entries(data.datasets).map(([k, d]) => [
          k,
          { name: d.name, rows: d.rows, bytes: d.bytes, files: d.files.length },
        ]),
      ),
      big: Object.fromEntries(
        Object.entries(data.big).map(([k, d]) => [k, { rows: d.rows, bytes: d.bytes }]),
      ),
    },
    datasets: Object.fromEntries(
      Object.entries(data.datasets).map(([k, d]) => [
        k,
        { name: d.name, rows: d.rows, bytes: d.bytes, files: d.files.length },
      ]),
    ),
    datasetOrder,
    entries,
    tributary,
    scaling,
    profiles,
    errors,
  };
  result.targets = evaluateTargets(result);
  const text = renderReport(result);
  const base = join(resultsDir, `${stamp}-rows${options.rows}`);
  writeFileSync(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(`${base}.txt`, `${text}\n`);
  writeFileSync(join(resultsDir, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(join(resultsDir, 'latest.txt'), `${text}\n`);
  rmSync(runDir, { recursive: true, force: true });
  console.log(text);
  log(`results: ${base}.json`);
  const failed = entries.filter((e) => e.status !== 'ok');
  if (failed.length) {
    log(
      `${failed.length} contestant run(s) failed: ${failed.map((e) => `${e.contestant}/${e.dataset}`).join(', ')}`,
    );
    process.exitCode = 1;
  }
}

main().then(
  // Exit even if a client library left a timer or socket behind.
  () => process.exit(process.exitCode ?? 0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
