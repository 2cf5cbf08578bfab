// Tributary as a contestant: the five services as separate processes against the real local
// stack, in a bench namespace of their own, driven through the real HTTP API and observed
// through the real Kafka topics (an EventBus subscriber, like any downstream consumer).
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { log } from './log.mjs';
import { agent, percentile, pool, upload } from './http.mjs';
import { ProcessMonitor, cpuSeconds, peakRss, resetPeak } from './procmon.mjs';
import { parquetRowCount } from './duckdb.mjs';
import { monotonicUs } from './cpuprofile.mjs';

const ADMIN_TOKEN = 'test-admin-token-0123456789'; // what testkit's serviceEnv configures
const TOPICS = [
  'file-landed',
  'schema-profiled',
  'drift-detected',
  'dead-letter',
  'run-completed',
  'run-promoted',
  'run-rejected',
  'run-failed',
  'promotion-blocked',
];

let libs;
async function loadLibs() {
  libs ??= {
    testkit: await import('@tributary/testkit'),
    platform: await import('@tributary/platform'),
    metadata: await import('@tributary/metadata'),
    contracts: await import('@tributary/contracts'),
    pino: (await import('pino')).default,
  };
  return libs;
}

export function benchNamespace(suffix = '') {
  return `bench-${randomBytes(3).toString('hex')}${suffix}`;
}

/** A namespace on the real stack with some services running and every topic observed. */
export class BenchPipeline {
  constructor(namespace, env, libsLoaded) {
    this.namespace = namespace;
    this.env = env;
    this.l = libsLoaded;
    this.services = new Map();
    this.events = []; // { topic, event, at } in arrival order
    this.waiters = new Set();
    const { testkit, platform, metadata, pino } = libsLoaded;
    this.objects = testkit.realObjectStore(namespace);
    this.kv = testkit.realKeyValueStore();
    this.transport = testkit.realTransport(`bench-${namespace}`);
    this.bus = new platform.EventBus({
      transport: this.transport,
      codec: testkit.realCodec(),
      namespace,
      logger: pino({ level: 'silent' }),
      metrics: new platform.Metrics('bench'),
      retry: { baseMs: 100, maxMs: 1000, maxAttempts: 3 },
    });
    this.tables = new metadata.MetadataTables(platform.tablePrefixFor(namespace));
  }

  static async start(namespace, serviceNames, envByService = {}, commonEnv = {}) {
    const l = await loadLibs();
    const env = l.testkit.serviceEnv(namespace, { LOG_LEVEL: 'info', ...commonEnv });
    const p = new BenchPipeline(namespace, env, l);
    try {
      await p.prepare(serviceNames, envByService);
    } catch (error) {
      await p.cleanup({ keepObjects: false }).catch(() => undefined);
      throw error;
    }
    return p;
  }

  async prepare(serviceNames, envByService) {
    const p = this;
    await p.objects.ensureBucket();
    await p.kv.ensureTables(p.tables.all());
    await p.bus.subscribe({
      groupId: `${p.namespace}-bench-observer`,
      topics: TOPICS,
      handler: async (event, ctx) => {
        const entry = { topic: ctx.topic, event, at: performance.now() };
        p.events.push(entry);
        for (const w of p.waiters) w(entry);
      },
    });
    p.startErrors = {};
    for (const name of serviceNames) {
      try {
        await p.startService(name, envByService[name] ?? {});
      } catch (error) {
        // The pipeline runs without quality and notifier (measured to run-completed then).
        if (!OPTIONAL_SERVICES.includes(name)) throw error;
        p.startErrors[name] = String(error.message ?? error).slice(0, 2000);
        log(
          `tributary: ${name} did not start (${p.startErrors[name].split('\n')[0].slice(0, 200)}); going on without it`,
        );
      }
    }
  }

  async startService(name, extraEnv = {}, key = name) {
    const started = performance.now();
    const service = await this.l.testkit.startService(name, {
      env: { ...this.env, ...extraEnv },
      timeoutMs: 120_000,
    });
    service.readyMs = performance.now() - started;
    this.services.set(key, service);
    return service;
  }

  async stopService(key) {
    const s = this.services.get(key);
    if (!s) return;
    const code = await s.stop('SIGTERM');
    this.services.delete(key);
    return code;
  }

  pid(key) {
    return this.services.get(key)?.child.pid;
  }

  get gatewayUrl() {
    return this.services.get('ingest-gateway').url;
  }

  /** Resolves with the first event (past or future) matching `predicate`. */
  waitForEvent(predicate, what, timeoutMs = 30 * 60_000) {
    const found = this.events.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const waiter = (entry) => {
        if (!predicate(entry)) return;
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve(entry);
      };
      this.waiters.add(waiter);
    });
  }

  async admin(method, path, body) {
    const response = await fetch(`${this.gatewayUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${ADMIN_TOKEN}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  async createSource(sourceId, settings = {}) {
    const { status, body } = await this.admin('POST', '/v1/admin/sources', {
      sourceId,
      ...settings,
    });
    if (status !== 201)
      throw new Error(`create source ${sourceId}: ${status} ${JSON.stringify(body)}`);
    return body.apiKey;
  }

  async metric(key, name, labels = {}) {
    const text = await (await fetch(`${this.services.get(key).url}/metrics`)).text();
    let sum = 0;
    for (const line of text.split('\n')) {
      if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
      if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
      sum += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
    return sum;
  }

  /** Downloads the Parquet files a run published and counts their rows with DuckDB. */
  async verifyRun(sourceId, runId, workDir, pointerPublished) {
    const { runSuccessKey, latestPointerKey } = this.l.contracts;
    const summary = JSON.parse(
      (await this.objects.getBytes(runSuccessKey(sourceId, runId))).bytes.toString('utf8'),
    );
    const keys = summary.partitions.flatMap((p) => p.files.map((f) => f.key));
    let pointer;
    if (pointerPublished) {
      try {
        pointer = JSON.parse(
          (await this.objects.getBytes(latestPointerKey(sourceId))).bytes.toString('utf8'),
        );
      } catch {
        pointer = undefined;
      }
    }
    const dir = join(workDir, `${sourceId}-${runId}`);
    mkdirSync(dir, { recursive: true });
    const paths = [];
    let bytes = 0;
    for (const [i, key] of keys.entries()) {
      const { bytes: data } = await this.objects.getBytes(key);
      const path = join(dir, `part-${i}.parquet`);
      writeFileSync(path, data);
      bytes += data.length;
      paths.push(path);
    }
    const rows = await parquetRowCount(paths);
    rmSync(dir, { recursive: true, force: true });
    return { summary, keys, rows, parquetBytes: bytes, pointer };
  }

  async cleanup({ keepObjects }) {
    for (const key of [...this.services.keys()]) await this.stopService(key).catch(() => undefined);
    await this.bus.close().catch(() => undefined);
    await this.transport.close().catch(() => undefined);
    if (!keepObjects) {
      const keys = [];
      for await (const o of this.objects.list('')) keys.push(o.key);
      await pool(
        keys.map((k) => () => this.objects.delete(k).catch(() => undefined)),
        8,
      );
    }
    this.objects.close();
    this.kv.close();
  }
}

/**
 * Diagnostic: one gateway in embedded mode (object store, metadata and event log on local disk,
 * no S3Proxy, DynamoDB Local or Kafka), to separate the gateway's own cost from the stack's.
 */
class EmbeddedGateway {
  static async start(dataDir, commonEnv) {
    const { testkit } = await loadLibs();
    const g = new EmbeddedGateway();
    g.service = await testkit.startService('ingest-gateway', {
      env: {
        ...commonEnv,
        TRIBUTARY_MODE: 'embedded',
        TRIBUTARY_DATA_DIR: dataDir,
        TRIBUTARY_NAMESPACE: 'bench-embedded',
        ADMIN_TOKEN,
        LOG_LEVEL: 'info',
      },
      timeoutMs: 120_000,
    });
    return g;
  }

  get gatewayUrl() {
    return this.service.url;
  }

  pid() {
    return this.service.child.pid;
  }

  async createSource(sourceId) {
    const r = await fetch(`${this.gatewayUrl}/v1/admin/sources`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ sourceId }),
    });
    if (r.status !== 201) throw new Error(`embedded gateway: create source ${r.status}`);
    return (await r.json()).apiKey;
  }

  async stop() {
    await this.service.stop();
  }
}

const SERVICE_KEYS = ['ingest-gateway', 'profiler', 'promoter', 'quality', 'notifier'];
const OPTIONAL_SERVICES = ['quality', 'notifier'];

function monitorServices(p) {
  const roots = {};
  for (const key of p.services.keys()) {
    const pid = p.pid(key);
    if (pid) {
      resetPeak(pid);
      roots[key] = pid;
    }
  }
  return new ProcessMonitor(roots, { intervalMs: 250 });
}

function memoryOf(monitorResult) {
  const out = {};
  for (const proc of monitorResult.processes)
    out[proc.name] = { peakRss: proc.peakRss, cpuSeconds: proc.cpuSeconds };
  return out;
}

async function uploadAll(p, sourceId, apiKey, dataset, concurrency) {
  const a = agent(concurrency);
  const results = await pool(
    dataset.files.map(
      (f, i) => () =>
        upload({
          baseUrl: p.gatewayUrl,
          sourceId,
          apiKey,
          name: `${dataset.format}-${String(i).padStart(5, '0')}.${dataset.format}`,
          contentType: dataset.contentType,
          path: f.path,
          bytes: f.bytes,
          agent: a,
        }),
    ),
    concurrency,
  );
  a.destroy();
  const failed = results.filter((r) => r.status !== 202 || r.body.duplicate);
  if (failed.length)
    throw new Error(`${failed.length} uploads failed: ${JSON.stringify(failed[0].body)}`);
  return results;
}

async function waitProfiled(p, sourceId, fileIds) {
  const pending = new Set(fileIds);
  const outcomes = new Map();
  return new Promise((resolve, reject) => {
    const check = (entry) => {
      const e = entry.event;
      if (e.sourceId !== sourceId || !pending.has(e.fileId)) return false;
      if (entry.topic === 'schema-profiled') {
        outcomes.set(e.fileId, {
          at: entry.at,
          status: e.versionStatus,
          version: e.schemaVersion,
          rows: e.rowCount,
        });
        pending.delete(e.fileId);
      } else if (entry.topic === 'dead-letter') {
        reject(new Error(`file ${e.fileId} was dead-lettered: ${e.reason}`));
        return true;
      }
      if (pending.size === 0) {
        resolve(outcomes);
        return true;
      }
      return false;
    };
    for (const entry of p.events) if (check(entry)) return;
    p.waitForEvent(check, `profiling of ${fileIds.length} files of ${sourceId}`).catch(reject);
  });
}

/**
 * One source, one promotion run: uploads every file (HTTP, `concurrency` at a time), waits until
 * each is profiled, requests a run on the control plane, waits for run-completed and then for
 * run-promoted (when the quality service publishes it), and checks the published rows.
 */
async function pipelineRun(p, { sourceId, dataset, concurrency, graceMs, state, workDir }) {
  const apiKey = await p.createSource(sourceId);
  const monitor = monitorServices(p);
  const t0 = performance.now();
  const uploads = await uploadAll(p, sourceId, apiKey, dataset, concurrency);
  const tUploaded = Math.max(...uploads.map((u) => u.end));
  const fileIds = uploads.map((u) => u.body.fileId);
  const profiled = await waitProfiled(p, sourceId, fileIds);
  const tProfiled = Math.max(...[...profiled.values()].map((o) => o.at));
  const breaking = [...profiled.values()].filter((o) => o.status === 'BREAKING');
  if (breaking.length)
    throw new Error(`${breaking.length} files produced a BREAKING schema version`);
  const tTrigger = performance.now();
  const trigger = await p.admin('POST', `/v1/admin/sources/${sourceId}/runs`);
  if (trigger.status !== 202)
    throw new Error(`run request: ${trigger.status} ${JSON.stringify(trigger.body)}`);
  const runId = trigger.body.runId;
  const done = await p.waitForEvent(
    (e) =>
      e.event.runId === runId &&
      ['run-completed', 'run-failed', 'promotion-blocked'].includes(e.topic),
    `run ${runId} to complete`,
  );
  if (done.topic !== 'run-completed')
    throw new Error(`run ${runId}: ${done.topic} ${JSON.stringify(done.event)}`);
  let end = done;
  let measuredTo = 'run-completed';
  if (state.qualityPublishes !== false) {
    try {
      end = await p.waitForEvent(
        (e) => e.event.runId === runId && ['run-promoted', 'run-rejected'].includes(e.topic),
        `run-promoted for ${runId}`,
        state.qualityPublishes ? 10 * 60_000 : graceMs,
      );
      state.qualityPublishes = true;
      if (end.topic === 'run-rejected')
        throw new Error(`run ${runId} was rejected: ${JSON.stringify(end.event)}`);
      measuredTo = 'run-promoted';
    } catch (error) {
      if (state.qualityPublishes) throw error;
      state.qualityPublishes = false;
      log(
        `tributary: no run-promoted within ${graceMs} ms of run-completed; measuring to run-completed (status COMPLETED)`,
      );
      end = done;
    }
  }
  const tEnd = end.at;
  const mem = memoryOf(monitor.stop());
  const run = (await p.admin('GET', `/v1/admin/sources/${sourceId}/runs/${runId}`)).body;
  const check = await p.verifyRun(sourceId, runId, workDir, measuredTo === 'run-promoted');
  const wall = (tEnd - t0) / 1000;
  return {
    sourceId,
    runId,
    status: run.status,
    measuredTo,
    rowsIn: dataset.rows,
    bytesIn: dataset.bytes,
    files: dataset.files.length,
    rowsOut: check.rows,
    rowsQuarantined: check.summary.rowsQuarantined,
    parquetBytes: check.parquetBytes,
    parquetFiles: check.keys.length,
    pointerRunIds: check.pointer ? JSON.stringify(check.pointer).includes(runId) : undefined,
    wallSeconds: wall,
    phases: {
      uploadSeconds: (tUploaded - t0) / 1000,
      profiledAfterSeconds: (tProfiled - t0) / 1000,
      promotionSeconds: (done.at - tTrigger) / 1000,
      qualitySeconds: (tEnd - done.at) / 1000,
    },
    promoterTimings: check.summary.timings,
    schemaVersions: [...new Set([...profiled.values()].map((o) => o.version))],
    uploadLatencyMs: {
      p50: percentile(
        uploads.map((u) => u.ms),
        50,
      ),
      max: Math.max(...uploads.map((u) => u.ms)),
    },
    services: mem,
  };
}

async function profilerBusySeconds(p) {
  return p.metric('profiler', 'tributary_handler_duration_seconds_sum', { topic: 'file-landed' });
}

/**
 * Each stage on its own, on one dataset: the gateway with no profiler running (uploads only),
 * then a fresh profiler working through the landed backlog, then one promotion run.
 */
async function stagedRun(p, { sourceId, dataset, concurrency, workDir, profEnv }) {
  const apiKey = await p.createSource(sourceId);
  await p.stopService('profiler');
  // 1. gateway alone
  const gwPid = p.pid('ingest-gateway');
  resetPeak(gwPid);
  const gwCpu0 = cpuSeconds(gwPid);
  const windows = {};
  const t0 = performance.now();
  windows['ingest-gateway'] = [monotonicUs()];
  const uploads = await uploadAll(p, sourceId, apiKey, dataset, concurrency);
  windows['ingest-gateway'].push(monotonicUs());
  const gatewaySeconds = (Math.max(...uploads.map((u) => u.end)) - t0) / 1000;
  const gateway = {
    seconds: gatewaySeconds,
    mbPerSecond: dataset.bytes / 1e6 / gatewaySeconds,
    rowsPerSecond: dataset.rows / gatewaySeconds,
    cpuSeconds: cpuSeconds(gwPid) - gwCpu0,
    peakRss: peakRss(gwPid),
    latencyMs: {
      p50: percentile(
        uploads.map((u) => u.ms),
        50,
      ),
      p99: percentile(
        uploads.map((u) => u.ms),
        99,
      ),
    },
  };
  // 2. profiler alone (a fresh process: its peak RSS is this stage's)
  const tStart = performance.now();
  await p.startService('profiler', profEnv.profiler ?? {});
  const prPid = p.pid('profiler');
  const prCpu0 = cpuSeconds(prPid);
  windows.profiler = [monotonicUs()];
  const fileIds = uploads.map((u) => u.body.fileId);
  const profiled = await waitProfiled(p, sourceId, fileIds);
  windows.profiler.push(monotonicUs());
  const tProfiled = Math.max(...[...profiled.values()].map((o) => o.at));
  const busy = await profilerBusySeconds(p);
  const prCpu = cpuSeconds(prPid) - prCpu0;
  const profilerStage = {
    seconds: (tProfiled - tStart) / 1000,
    startupSeconds: p.services.get('profiler').readyMs / 1000,
    busySeconds: busy,
    cpuSeconds: prCpu,
    rowsPerSecond: dataset.rows / busy,
    mbPerSecond: dataset.bytes / 1e6 / busy,
    mbPerCpuSecond: dataset.bytes / 1e6 / prCpu,
    peakRss: peakRss(prPid),
  };
  // 3. promotion alone
  const pmPid = p.pid('promoter');
  resetPeak(pmPid);
  const pmCpu0 = cpuSeconds(pmPid);
  const tTrigger = performance.now();
  windows.promoter = [monotonicUs()];
  const trigger = await p.admin('POST', `/v1/admin/sources/${sourceId}/runs`);
  const runId = trigger.body.runId;
  const done = await p.waitForEvent(
    (e) =>
      e.event.runId === runId &&
      ['run-completed', 'run-failed', 'promotion-blocked'].includes(e.topic),
    `run ${runId}`,
  );
  windows.promoter.push(monotonicUs());
  if (done.topic !== 'run-completed') throw new Error(`staged run ${runId}: ${done.topic}`);
  const promSeconds = (done.at - tTrigger) / 1000;
  const check = await p.verifyRun(sourceId, runId, workDir, false);
  const promotion = {
    seconds: promSeconds,
    rowsPerSecond: dataset.rows / promSeconds,
    mbPerSecond: dataset.bytes / 1e6 / promSeconds,
    cpuSeconds: cpuSeconds(pmPid) - pmCpu0,
    peakRss: peakRss(pmPid),
    timings: check.summary.timings,
    rowsOut: check.rows,
  };
  return {
    sourceId,
    runId,
    dataset: dataset.name,
    rows: dataset.rows,
    bytes: dataset.bytes,
    gateway,
    profiler: profilerStage,
    promotion,
    verified: check.rows === dataset.rows,
    profileWindowsUs: windows,
  };
}

/** Time from the start of an upload that changes the schema to `drift-detected` at a subscriber. */
async function driftLatency(p, repeats = 3) {
  const out = [];
  for (let i = 0; i < repeats; i++) {
    const sourceId = `drift-${i}`;
    const apiKey = await p.createSource(sourceId);
    const base =
      'id,name,amount\n' +
      Array.from({ length: 1000 }, (_, k) => `${k},n${k},${k * 1.5}`).join('\n') +
      '\n';
    const first = await upload({
      baseUrl: p.gatewayUrl,
      sourceId,
      apiKey,
      name: 'base.csv',
      contentType: 'text/csv',
      body: Buffer.from(base),
    });
    await waitProfiled(p, sourceId, [first.body.fileId]);
    const drifted =
      'id,name,amount,currency\n' +
      Array.from({ length: 1000 }, (_, k) => `${k},n${k},${k * 1.5},EUR`).join('\n') +
      '\n';
    const t0 = performance.now();
    const res = await upload({
      baseUrl: p.gatewayUrl,
      sourceId,
      apiKey,
      name: 'drifted.csv',
      contentType: 'text/csv',
      body: Buffer.from(drifted),
    });
    const drift = await p.waitForEvent(
      (e) =>
        e.topic === 'drift-detected' &&
        e.event.sourceId === sourceId &&
        e.event.fileId === res.body.fileId,
      'drift-detected',
      120_000,
    );
    out.push(drift.at - t0);
  }
  return { ms: out, medianMs: percentile(out, 50) };
}

/** Upload latency with 1 MiB bodies at each concurrency level (no profiler running). */
async function latencyTest(p, { levels, uploadsPerLevel, flightsCsvPath }) {
  const { readFileSync } = await import('node:fs');
  const csv = readFileSync(flightsCsvPath);
  const header = csv.subarray(0, csv.indexOf(10) + 1);
  const oneMiB = 1024 * 1024;
  let counter = 0;
  // Distinct 1 MiB bodies (the gateway de-duplicates identical content): flights rows, then one
  // row carrying a unique number, padded to exactly 1 MiB.
  const bodyOf = () => {
    const n = counter++;
    const tail = Buffer.from(`2001-01-01 00:00:00,${n},0,BEN,CHM\n`);
    const start = (n * 7919) % Math.max(1, csv.length - 2 * oneMiB);
    let from = csv.indexOf(10, header.length + start) + 1;
    const rows = csv.subarray(from, from + oneMiB - header.length - tail.length);
    const cut = rows.lastIndexOf(10) + 1;
    const body = Buffer.concat([header, rows.subarray(0, cut), tail]);
    const pad = Buffer.alloc(oneMiB - body.length, 10); // blank lines
    return Buffer.concat([body, pad]);
  };
  const sourceId = 'latency';
  const apiKey = await p.createSource(sourceId);
  const results = [];
  // warm-up
  {
    const a = agent(4);
    await pool(
      Array.from(
        { length: 8 },
        () => () =>
          upload({
            baseUrl: p.gatewayUrl,
            sourceId,
            apiKey,
            name: 'warm.csv',
            contentType: 'text/csv',
            body: bodyOf(),
            agent: a,
          }),
      ),
      4,
    );
    a.destroy();
  }
  for (const c of levels) {
    const bodies = Array.from({ length: Math.max(uploadsPerLevel, c * 4) }, bodyOf);
    const a = agent(c);
    const gwPid = p.pid('ingest-gateway');
    const cpu0 = cpuSeconds(gwPid);
    const t0 = performance.now();
    const rs = await pool(
      bodies.map(
        (body, i) => () =>
          upload({
            baseUrl: p.gatewayUrl,
            sourceId,
            apiKey,
            name: `lat-${c}-${i}.csv`,
            contentType: 'text/csv',
            body,
            agent: a,
          }),
      ),
      c,
    );
    const seconds = (performance.now() - t0) / 1000;
    a.destroy();
    const bad = rs.filter((r) => r.status !== 202 || r.body.duplicate);
    const ms = rs.map((r) => r.ms);
    results.push({
      clients: c,
      uploads: rs.length,
      failed: bad.length,
      p50Ms: percentile(ms, 50),
      p99Ms: percentile(ms, 99),
      maxMs: Math.max(...ms),
      mbPerSecond: (rs.length * oneMiB) / 1e6 / seconds,
      uploadsPerSecond: rs.length / seconds,
      gatewayCpuSeconds: cpuSeconds(gwPid) - cpu0,
    });
    log(
      `tributary: upload latency at ${c} clients: p50 ${percentile(ms, 50).toFixed(1)} ms, p99 ${percentile(ms, 99).toFixed(1)} ms`,
    );
  }
  return results;
}

/**
 * The object store's own ceiling, without the gateway: the same adapter (S3ObjectStore.put of a
 * stream, as the gateway does) writing the big file, and 1 MiB objects at 8 concurrent writers.
 */
async function storeBaseline(p, bigFile, oneMiBClients = 8, count = 80) {
  const { createReadStream } = await import('node:fs');
  const { Readable } = await import('node:stream');
  const t0 = performance.now();
  await p.objects.put(
    'baseline/big',
    createReadStream(bigFile.path, { highWaterMark: 1024 * 1024 }),
    {
      contentType: bigFile.contentType,
    },
  );
  const bigSeconds = (performance.now() - t0) / 1000;
  await p.objects.delete('baseline/big');
  const body = Buffer.alloc(1024 * 1024, 97);
  const times = await pool(
    Array.from({ length: count }, (_, i) => async () => {
      const s = performance.now();
      await p.objects.put(`baseline/small-${i}`, Readable.from([body]), {
        contentType: 'text/csv',
      });
      return performance.now() - s;
    }),
    oneMiBClients,
  );
  await pool(
    Array.from({ length: count }, (_, i) => () => p.objects.delete(`baseline/small-${i}`)),
    8,
  );
  return {
    big: {
      bytes: bigFile.bytes,
      seconds: bigSeconds,
      mbPerSecond: bigFile.bytes / 1e6 / bigSeconds,
    },
    oneMiB: {
      clients: oneMiBClients,
      puts: count,
      p50Ms: percentile(times, 50),
      p99Ms: percentile(times, 99),
    },
  };
}

/** One large file through the gateway: MB/s and the gateway's peak RSS. */
async function bigUpload(p, sourceId, file) {
  const apiKey = await p.createSource(sourceId);
  const pid = p.pid('ingest-gateway');
  resetPeak(pid);
  const monitor = new ProcessMonitor({ gateway: pid }, { intervalMs: 100 });
  const cpu0 = cpuSeconds(pid);
  const res = await upload({
    baseUrl: p.gatewayUrl,
    sourceId,
    apiKey,
    name: file.name,
    contentType: file.contentType,
    path: file.path,
    bytes: file.bytes,
  });
  const mon = monitor.stop();
  if (res.status !== 202) throw new Error(`big upload: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    fileId: res.body.fileId,
    end: res.end,
    bytes: file.bytes,
    rows: file.rows,
    seconds: res.ms / 1000,
    mbPerSecond: file.bytes / 1e6 / (res.ms / 1000),
    gatewayPeakRss: Math.max(peakRss(pid) ?? 0, mon.processes[0]?.peakRss ?? 0),
    gatewayCpuSeconds: cpuSeconds(pid) - cpu0,
  };
}

/** The profiler on one large NDJSON file: rows/s from `file-landed` to PROFILED, peak RSS. */
async function bigProfile(p, file) {
  const pid = p.pid('profiler');
  resetPeak(pid);
  const busy0 = await profilerBusySeconds(p);
  const cpu0 = cpuSeconds(pid);
  const monitor = new ProcessMonitor({ profiler: pid }, { intervalMs: 100 });
  const up = await bigUpload(p, 'big-ndjson', file);
  const landed = await p.waitForEvent(
    (e) => e.topic === 'file-landed' && e.event.fileId === up.fileId,
    'file-landed',
  );
  const profiled = await waitProfiled(p, 'big-ndjson', [up.fileId]);
  const outcome = profiled.get(up.fileId);
  const mon = monitor.stop();
  const busy = (await profilerBusySeconds(p)) - busy0;
  const cpu = cpuSeconds(pid) - cpu0;
  return {
    bytes: file.bytes,
    rows: file.rows,
    rowsProfiled: outcome.rows,
    upload: up,
    seconds: (outcome.at - landed.at) / 1000,
    busySeconds: busy,
    rowsPerSecond: file.rows / busy,
    mbPerSecond: file.bytes / 1e6 / busy,
    cpuSeconds: cpu,
    profilerPeakRss: Math.max(peakRss(pid) ?? 0, mon.processes[0]?.peakRss ?? 0),
  };
}

/**
 * Everything Tributary: end-to-end runs per dataset (and per scaling point), the staged run,
 * drift latency, big-file profiling; then, in a gateway-only namespace, upload latency and the
 * big CSV upload. `datasets` maps run label → dataset.
 */
export async function runTributary(options, data, { workDir, cpuProfDir }) {
  const result = { runs: {}, errors: {} };
  const state = { qualityPublishes: undefined };
  const common = {
    RETRY_BASE_MS: '200',
    RETRY_MAX_MS: '2000',
    DEFAULT_RATE_LIMIT_PER_MINUTE: '10000000',
    SWEEPER_MIN_AGE_MS: String(24 * 3600 * 1000),
    PROMOTER_TICK_MS: '200',
  };
  const ns = benchNamespace();
  result.namespace = ns;
  log(`tributary: starting the five services in namespace ${ns}`);
  const p = await BenchPipeline.start(ns, SERVICE_KEYS, {}, common);
  result.serviceStartup = Object.fromEntries(
    [...p.services].map(([k, s]) => [k, s.readyMs / 1000]),
  );
  for (const [k, v] of Object.entries(p.startErrors)) result.errors[`start ${k}`] = v;
  try {
    if (!options.skip.has('drift')) {
      try {
        log('tributary: drift latency');
        result.drift = await driftLatency(p);
      } catch (error) {
        result.errors.drift = String(error?.stack ?? error);
      }
    }
    const plan = [];
    const csv = data.datasets['flights-csv'];
    if (!options.skip.has('scaling')) {
      const counts = new Set();
      for (const f of options.scaling.filter((x) => x < 1)) {
        const n = Math.max(1, Math.round(csv.files.length * f));
        if (n === csv.files.length || counts.has(n)) continue;
        counts.add(n);
        const files = csv.files.slice(0, n);
        plan.push({
          label: `flights-csv@${files.reduce((s, x) => s + x.rows, 0)}`,
          dataset: {
            ...csv,
            files,
            rows: files.reduce((s, x) => s + x.rows, 0),
            bytes: files.reduce((s, x) => s + x.bytes, 0),
          },
        });
      }
    }
    plan.push({ label: 'flights-csv', dataset: csv });
    if (!options.skip.has('ndjson'))
      plan.push({ label: 'flights-ndjson', dataset: data.datasets['flights-ndjson'] });
    if (!options.skip.has('nested'))
      plan.push({ label: 'nested-ndjson', dataset: data.datasets['nested-ndjson'] });
    for (const [i, item] of plan.entries()) {
      log(
        `tributary: end to end, ${item.label} (${item.dataset.rows} rows, ${item.dataset.files.length} files)`,
      );
      try {
        result.runs[item.label] = await pipelineRun(p, {
          sourceId: `e2e-${i}-${item.label.replace(/[^a-z0-9]+/g, '-')}`.slice(0, 60),
          dataset: item.dataset,
          concurrency: options.concurrency,
          graceMs: options.promotedGraceMs,
          state,
          workDir,
        });
        const r = result.runs[item.label];
        log(
          `tributary: ${item.label}: ${r.wallSeconds.toFixed(2)} s to ${r.measuredTo}, ${r.rowsOut}/${r.rowsIn} rows published`,
        );
      } catch (error) {
        result.errors[item.label] = String(error?.stack ?? error);
        log(`tributary: ${item.label} FAILED: ${error.message}`);
      }
    }
    result.measuredTo = state.qualityPublishes ? 'run-promoted' : 'run-completed';
    if (!options.skip.has('stages')) {
      log('tributary: each stage on its own (flights CSV)');
      const profEnv = {};
      if (options.cpuProf) {
        for (const key of ['ingest-gateway', 'promoter']) {
          await p.stopService(key);
          await p.startService(key, cpuProfEnv(cpuProfDir, key));
        }
        profEnv.profiler = cpuProfEnv(cpuProfDir, 'profiler');
      }
      try {
        result.stages = await stagedRun(p, {
          sourceId: 'staged-flights-csv',
          dataset: csv,
          concurrency: options.concurrency,
          workDir,
          profEnv,
        });
      } catch (error) {
        result.errors.stages = String(error?.stack ?? error);
      }
    }
    if (!options.skip.has('big')) {
      if (options.cpuProf) {
        // A process under --cpu-prof keeps every sample in memory: measure peak RSS without it.
        await p.stopService('profiler');
        await p.startService('profiler');
      }
      log(
        `tributary: profiler on one ${(data.big.ndjson.bytes / 2 ** 20).toFixed(0)} MiB NDJSON file`,
      );
      try {
        result.bigProfile = await bigProfile(p, data.big.ndjson);
      } catch (error) {
        result.errors.bigProfile = String(error?.stack ?? error);
      }
    }
  } finally {
    if (options.cpuProf) {
      // Stop the profiled services gracefully so that they write their profiles.
      for (const key of ['ingest-gateway', 'profiler', 'promoter'])
        await p.stopService(key).catch(() => undefined);
    }
    await p.cleanup({ keepObjects: options.keep });
  }
  if (!options.skip.has('latency') || !options.skip.has('big')) {
    const gwNs = benchNamespace('-gw');
    log(`tributary: gateway-only namespace ${gwNs} (no profiler: uploads are measured alone)`);
    const g = await BenchPipeline.start(gwNs, ['ingest-gateway'], {}, common);
    try {
      try {
        log(
          'tributary: object-store baseline (S3ObjectStore.put straight to the store, no gateway)',
        );
        result.storeBaseline = await storeBaseline(g, data.big.csv);
      } catch (error) {
        result.errors.storeBaseline = String(error?.stack ?? error);
      }
      if (!options.skip.has('latency')) {
        try {
          result.latency = await latencyTest(g, {
            levels: options.latencyClients,
            uploadsPerLevel: options.latencyUploads,
            flightsCsvPath: data.datasets['flights-csv'].files[0].path,
          });
        } catch (error) {
          result.errors.latency = String(error?.stack ?? error);
        }
      }
      if (!options.skip.has('big')) {
        log(`tributary: one ${(data.big.csv.bytes / 2 ** 20).toFixed(0)} MiB CSV upload`);
        try {
          result.bigUpload = await bigUpload(g, 'big-csv', { ...data.big.csv });
        } catch (error) {
          result.errors.bigUpload = String(error?.stack ?? error);
        }
      }
    } finally {
      await g.cleanup({ keepObjects: options.keep });
    }
    if (!options.skip.has('embedded')) {
      log('tributary: diagnostic: the gateway alone in embedded mode (local disk, no S3Proxy)');
      const dir = join(workDir, 'embedded-gateway');
      const e = await EmbeddedGateway.start(dir, common);
      try {
        result.embeddedGateway = {
          bigUpload: await bigUpload(e, 'big-csv', { ...data.big.csv }),
          latency: await latencyTest(e, {
            levels: [8],
            uploadsPerLevel: options.latencyUploads,
            flightsCsvPath: data.datasets['flights-csv'].files[0].path,
          }),
        };
      } catch (error) {
        result.errors.embeddedGateway = String(error?.stack ?? error);
      } finally {
        await e.stop();
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  return result;
}

function cpuProfEnv(dir, key) {
  const d = join(dir, key);
  mkdirSync(d, { recursive: true });
  return { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${d}` };
}
