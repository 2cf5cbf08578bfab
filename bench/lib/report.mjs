// Figures, ratios, targets and the printed table.

export const TARGETS = {
  e2eVsDuckdb: 0.4,
  e2eVsDlt: 5,
  e2eVsPyspark: 2,
  profilerMbPerCoreSecond: 100,
  gatewayBigUploadMbPerSecond: 150,
  uploadP99MsAt8: 50,
  peakRssBytes: 300 * 1024 * 1024,
};

const MB = 1e6;
const MiB = 2 ** 20;

export function fmt(n, digits = 1) {
  if (n === undefined || n === null || Number.isNaN(n)) return '—';
  if (!Number.isFinite(n)) return '∞';
  if (Math.abs(n) >= 100_000) return Math.round(n).toLocaleString('en-US');
  return n.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

export function mib(bytes) {
  return bytes === undefined ? '—' : `${fmt(bytes / MiB, 0)} MiB`;
}

function pad(s, n, right = false) {
  s = String(s);
  return right ? s.padStart(n) : s.padEnd(n);
}

function table(headers, rows, alignRight = []) {
  const widths = headers.map((h, i) =>
    Math.max(String(h).length, ...rows.map((r) => String(r[i] ?? '').length)),
  );
  const line = (cells) =>
    cells
      .map((c, i) => pad(c ?? '', widths[i], alignRight.includes(i)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function rssSummary(processes) {
  if (!processes) return '—';
  return Object.entries(processes)
    .filter(([, v]) => v.peakRss > 0)
    .map(([k, v]) => `${k.replace('ingest-gateway', 'gateway')} ${fmt(v.peakRss / MiB, 0)}`)
    .join(', ');
}

/** One row per contestant per dataset, with the ratio Tributary ÷ contestant. */
export function comparisonRows(results, dataset) {
  const rows = results.entries.filter((e) => e.dataset === dataset);
  const trib = rows.find((e) => e.contestant === 'tributary');
  return rows.map((e) => {
    const ok = e.status === 'ok';
    const ratio =
      ok && trib?.status === 'ok' && e.contestant !== 'tributary'
        ? trib.rowsPerSecond / e.rowsPerSecond
        : undefined;
    return { ...e, ratio };
  });
}

export function evaluateTargets(r) {
  const t = [];
  const csv = (name) => comparisonRows(r, 'flights-csv').find((e) => e.contestant === name);
  const perDataset = (name, target) => {
    const out = [];
    for (const ds of r.datasetOrder) {
      const e = comparisonRows(r, ds).find((x) => x.contestant === name);
      if (e?.ratio !== undefined) out.push({ ds, ratio: e.ratio });
    }
    return {
      value: out.map((o) => `${o.ds} ${fmt(o.ratio, 2)}×`).join(', ') || 'n/a',
      met: out.length ? out.every((o) => o.ratio >= target) : undefined,
    };
  };
  t.push({
    target: `end to end ≥ ${TARGETS.e2eVsDuckdb}× DuckDB's conversion (rows/s)`,
    ...perDataset('duckdb', TARGETS.e2eVsDuckdb),
  });
  t.push({
    target: `end to end ≥ ${TARGETS.e2eVsDlt}× dlt`,
    ...perDataset('dlt', TARGETS.e2eVsDlt),
  });
  t.push({
    target: `end to end ≥ ${TARGETS.e2eVsPyspark}× PySpark local`,
    ...perDataset('pyspark', TARGETS.e2eVsPyspark),
  });
  const prof = r.tributary?.stages?.profiler;
  t.push({
    target: `profiling ≥ ${TARGETS.profilerMbPerCoreSecond} MB/s of CSV per core`,
    value: prof
      ? `${fmt(prof.mbPerCpuSecond)} MB per CPU-second (${fmt(prof.mbPerSecond)} MB/s busy)`
      : 'n/a',
    met: prof ? prof.mbPerCpuSecond >= TARGETS.profilerMbPerCoreSecond : undefined,
  });
  const big = r.tributary?.bigUpload;
  t.push({
    target: `gateway ≥ ${TARGETS.gatewayBigUploadMbPerSecond} MB/s, one large upload`,
    value: big ? `${fmt(big.mbPerSecond)} MB/s (${mib(big.bytes)})` : 'n/a',
    met: big ? big.mbPerSecond >= TARGETS.gatewayBigUploadMbPerSecond : undefined,
  });
  const lat8 = r.tributary?.latency?.find((l) => l.clients === 8);
  t.push({
    target: `upload p99 < ${TARGETS.uploadP99MsAt8} ms, 1 MiB files, 8 clients`,
    value: lat8 ? `p99 ${fmt(lat8.p99Ms)} ms (p50 ${fmt(lat8.p50Ms)} ms)` : 'n/a',
    met: lat8 ? lat8.p99Ms < TARGETS.uploadP99MsAt8 && lat8.failed === 0 : undefined,
  });
  t.push({
    target: `gateway peak RSS < 300 MB, ${big ? mib(big.bytes) : 'large'} upload`,
    value: big ? `${fmt(big.gatewayPeakRss / MiB, 0)} MiB` : 'n/a',
    met: big ? big.gatewayPeakRss < TARGETS.peakRssBytes : undefined,
  });
  const bp = r.tributary?.bigProfile;
  t.push({
    target: `profiler peak RSS < 300 MB, ${bp ? mib(bp.bytes) : 'large'} NDJSON`,
    value: bp ? `${fmt(bp.profilerPeakRss / MiB, 0)} MiB` : 'n/a',
    met: bp ? bp.profilerPeakRss < TARGETS.peakRssBytes : undefined,
  });
  void csv;
  return t;
}

/** Least squares t = a + c·n and the exponent of t ∝ n^b between the smallest and largest point. */
export function growth(points) {
  const ok = points.filter((p) => p.seconds > 0);
  if (ok.length < 2) return undefined;
  const n = ok.length;
  const mx = ok.reduce((s, p) => s + p.rows, 0) / n;
  const my = ok.reduce((s, p) => s + p.seconds, 0) / n;
  const sxy = ok.reduce((s, p) => s + (p.rows - mx) * (p.seconds - my), 0);
  const sxx = ok.reduce((s, p) => s + (p.rows - mx) ** 2, 0);
  const c = sxx ? sxy / sxx : 0;
  const a = my - c * mx;
  const first = ok[0];
  const last = ok[ok.length - 1];
  const b = Math.log(last.seconds / first.seconds) / Math.log(last.rows / first.rows);
  const ssTot = ok.reduce((s, p) => s + (p.seconds - my) ** 2, 0);
  const ssRes = ok.reduce((s, p) => s + (p.seconds - (a + c * p.rows)) ** 2, 0);
  return {
    fixedSeconds: a,
    secondsPerMillionRows: c * 1e6,
    r2: ssTot ? 1 - ssRes / ssTot : 1,
    exponent: b,
    linear:
      ok.length >= 3 && ssTot && 1 - ssRes / ssTot >= 0.98
        ? `yes: t ≈ ${fmt(a, 1)} s + ${fmt(c * 1e6, 1)} s per M rows (r² ${fmt(1 - ssRes / ssTot, 3)})`
        : b > 0.9 && b < 1.1
          ? 'yes (two points)'
          : b <= 0.9
            ? 'sub-linear (fixed costs weigh at small sizes)'
            : 'super-linear',
  };
}

export function renderReport(r) {
  const out = [];
  const m = r.machine;
  out.push(
    `Tributary bench  ${r.startedAt}  --rows ${r.options.rows} (files of ${r.options.fileRows} rows)` +
      `\nmachine: ${m.cores} cores (${m.cpuModel}), ${fmt(m.memoryBytes / 2 ** 30)} GiB; 1-min load average at start ${fmt(m.loadAvg[0], 2)}` +
      (r.load ? `, during the run mean ${fmt(r.load.mean, 2)} max ${fmt(r.load.max, 2)}` : '') +
      (r.load?.max > m.cores + 1 ? ' (more than the bench was running: figures are noisy)' : '') +
      `\nversions: node ${m.node}, ${Object.values(r.versions).filter(Boolean).join(', ')}` +
      `\nTributary ${r.tributaryCommit}; end to end measured from the first byte sent to ${r.tributary?.measuredTo ?? 'n/a'}` +
      (r.tributary?.measuredTo === 'run-completed'
        ? ' (no run-promoted: the quality service does not publish it in this tree)'
        : ''),
  );
  out.push(`MB = 10^6 bytes; rows/s and MB/s are input rows and input bytes over the timed span.`);
  for (const ds of r.datasetOrder) {
    const d = r.datasets[ds];
    out.push(`\n${d.name}: ${fmt(d.rows, 0)} rows, ${d.files} files, ${fmt(d.bytes / MB)} MB`);
    const rows = comparisonRows(r, ds).map((e) => [
      e.label,
      e.status === 'ok' ? fmt(e.rowsPerSecond, 0) : e.status.toUpperCase(),
      e.status === 'ok' ? fmt(e.mbPerSecond) : '',
      e.status === 'ok' ? fmt(e.seconds, 2) : '',
      e.startupSeconds !== undefined ? fmt(e.startupSeconds, 1) : '',
      e.status === 'ok'
        ? `${fmt(e.rowsOut, 0)} ✓`
        : e.rowsOut !== undefined
          ? `${fmt(e.rowsOut, 0)} ✗`
          : '',
      e.ratio !== undefined ? `${fmt(e.ratio, 2)}×` : e.contestant === 'tributary' ? '—' : '',
      e.status === 'ok' ? rssSummary(e.processes) : (e.reason ?? '').slice(0, 80),
    ]);
    out.push(
      table(
        [
          'contestant',
          'rows/s',
          'MB/s',
          'time s',
          'start s',
          'rows out',
          'Tributary ÷',
          'peak RSS MiB per process / failure',
        ],
        rows,
        [1, 2, 3, 4, 5, 6],
      ),
    );
  }
  const t = r.tributary;
  if (t?.stages) {
    const s = t.stages;
    out.push(
      `\nTributary stages on their own (${s.dataset}, ${fmt(s.rows, 0)} rows, ${fmt(s.bytes / MB)} MB)` +
        (r.options.cpuProf
          ? ' (services under node --cpu-prof: a few % slower, RSS includes the sample buffers)'
          : ''),
    );
    out.push(
      table(
        ['stage', 'rows/s', 'MB/s', 'time s', 'CPU s', 'MB per CPU-s', 'peak RSS MiB'],
        [
          [
            'gateway (uploads, no profiler)',
            fmt(s.gateway.rowsPerSecond, 0),
            fmt(s.gateway.mbPerSecond),
            fmt(s.gateway.seconds, 2),
            fmt(s.gateway.cpuSeconds, 1),
            fmt(s.bytes / MB / s.gateway.cpuSeconds),
            fmt(s.gateway.peakRss / MiB, 0),
          ],
          [
            'profiler (busy time in handler)',
            fmt(s.profiler.rowsPerSecond, 0),
            fmt(s.profiler.mbPerSecond),
            fmt(s.profiler.busySeconds, 2),
            fmt(s.profiler.cpuSeconds, 1),
            fmt(s.profiler.mbPerCpuSecond),
            fmt(s.profiler.peakRss / MiB, 0),
          ],
          [
            'promotion (request → run-completed)',
            fmt(s.promotion.rowsPerSecond, 0),
            fmt(s.promotion.mbPerSecond),
            fmt(s.promotion.seconds, 2),
            fmt(s.promotion.cpuSeconds, 1),
            fmt(s.bytes / MB / s.promotion.cpuSeconds),
            fmt(s.promotion.peakRss / MiB, 0),
          ],
        ],
        [1, 2, 3, 4, 5, 6],
      ),
    );
  }
  const runs = Object.entries(t?.runs ?? {});
  if (runs.length) {
    out.push(`\nTributary end-to-end runs: where the time goes (seconds from the first byte sent)`);
    out.push(
      table(
        [
          'run',
          'rows',
          'uploaded',
          'all profiled',
          'promotion',
          'quality',
          'total',
          'peak RSS MiB per service',
        ],
        runs.map(([label, x]) => [
          label,
          fmt(x.rowsIn, 0),
          fmt(x.phases.uploadSeconds, 2),
          fmt(x.phases.profiledAfterSeconds, 2),
          fmt(x.phases.promotionSeconds, 2),
          fmt(x.phases.qualitySeconds, 2),
          fmt(x.wallSeconds, 2),
          rssSummary(x.services),
        ]),
        [1, 2, 3, 4, 5, 6],
      ),
    );
  }
  if (r.scaling) {
    out.push(`\nGrowth with input size (flights CSV)`);
    const rows = [];
    for (const [who, g] of Object.entries(r.scaling)) {
      rows.push([
        who,
        g.points.map((p) => `${fmt(p.rows / 1e6, 2)}M: ${fmt(p.seconds, 2)} s`).join(', '),
        g.fit ? fmt(g.fit.secondsPerMillionRows, 2) : '—',
        g.fit ? fmt(g.fit.fixedSeconds, 2) : '—',
        g.fit ? fmt(g.fit.exponent, 2) : '—',
        g.fit?.linear ?? '—',
      ]);
    }
    out.push(
      table(
        ['who', 'time at each size', 's per M rows', 'fixed s', 'exponent', 'linear?'],
        rows,
        [2, 3, 4],
      ),
    );
  }
  if (t?.latency?.length) {
    out.push(`\nGateway upload latency, 1 MiB CSV bodies (gateway alone)`);
    out.push(
      table(
        ['clients', 'uploads', 'p50 ms', 'p99 ms', 'max ms', 'MB/s', 'failed'],
        t.latency.map((l) => [
          l.clients,
          l.uploads,
          fmt(l.p50Ms),
          fmt(l.p99Ms),
          fmt(l.maxMs),
          fmt(l.mbPerSecond),
          l.failed,
        ]),
        [0, 1, 2, 3, 4, 5, 6],
      ),
    );
  }
  const single = [];
  if (t?.bigUpload)
    single.push([
      'gateway: one CSV upload',
      mib(t.bigUpload.bytes),
      `${fmt(t.bigUpload.mbPerSecond)} MB/s`,
      fmt(t.bigUpload.seconds, 2),
      `gateway ${fmt(t.bigUpload.gatewayPeakRss / MiB, 0)}`,
    ]);
  if (t?.bigProfile)
    single.push([
      'profiler: one NDJSON file',
      mib(t.bigProfile.bytes),
      `${fmt(t.bigProfile.rowsPerSecond, 0)} rows/s, ${fmt(t.bigProfile.mbPerSecond)} MB/s`,
      fmt(t.bigProfile.busySeconds, 2),
      `profiler ${fmt(t.bigProfile.profilerPeakRss / MiB, 0)}`,
    ]);
  if (t?.storeBaseline) {
    const b = t.storeBaseline;
    single.push([
      'object store alone: one put (no gateway)',
      mib(b.big.bytes),
      `${fmt(b.big.mbPerSecond)} MB/s`,
      fmt(b.big.seconds, 2),
      '',
    ]);
    single.push([
      `object store alone: 1 MiB puts, ${b.oneMiB.clients} writers`,
      `${b.oneMiB.puts} × 1 MiB`,
      `p50 ${fmt(b.oneMiB.p50Ms)} ms, p99 ${fmt(b.oneMiB.p99Ms)} ms`,
      '',
      '',
    ]);
  }
  const eg = t?.embeddedGateway;
  if (eg) {
    single.push([
      'gateway in embedded mode: one CSV upload (diagnostic)',
      mib(eg.bigUpload.bytes),
      `${fmt(eg.bigUpload.mbPerSecond)} MB/s, ${fmt(eg.bigUpload.bytes / 1e6 / eg.bigUpload.gatewayCpuSeconds)} MB per CPU-s`,
      fmt(eg.bigUpload.seconds, 2),
      `gateway ${fmt(eg.bigUpload.gatewayPeakRss / MiB, 0)}`,
    ]);
    const l = eg.latency?.[0];
    if (l)
      single.push([
        `gateway in embedded mode: 1 MiB uploads, ${l.clients} clients`,
        `${l.uploads} × 1 MiB`,
        `p50 ${fmt(l.p50Ms)} ms, p99 ${fmt(l.p99Ms)} ms`,
        '',
        '',
      ]);
  }
  if (t?.drift)
    single.push([
      'upload → drift-detected',
      '1,000-row CSV',
      `median ${fmt(t.drift.medianMs, 0)} ms`,
      t.drift.ms.map((x) => fmt(x / 1000, 2)).join(' / '),
      '',
    ]);
  if (single.length) {
    out.push(`\nSingle-file figures`);
    out.push(table(['what', 'size', 'throughput', 'time s', 'peak RSS MiB'], single));
  }
  if (r.targets) {
    out.push(`\nTargets`);
    out.push(
      table(
        ['target', 'measured', 'met?'],
        r.targets.map((x) => [
          x.target,
          x.value,
          x.met === undefined ? 'n/a' : x.met ? 'MET' : 'MISSED',
        ]),
      ),
    );
  }
  if (r.profiles && Object.keys(r.profiles).length) {
    out.push(`\nCPU profiles of the staged run (top self time, % of busy samples)`);
    for (const [svc, a] of Object.entries(r.profiles)) {
      out.push(
        `  ${svc}: busy ${fmt(a.busyMs / 1000, 1)} s; by area: ${a.byArea
          .slice(0, 5)
          .map((x) => `${x.what} ${fmt(x.pctOfBusy, 0)}%`)
          .join(', ')}`,
      );
      for (const f of a.topSelf.slice(0, 8))
        out.push(`    ${pad(fmt(f.pctOfBusy, 1) + '%', 7, true)}  ${f.what}`);
    }
  }
  const errors = Object.entries(r.errors ?? {});
  if (errors.length) {
    out.push(`\nErrors`);
    for (const [k, v] of errors) out.push(`  ${k}: ${String(v).split('\n')[0]}`);
  }
  return out.join('\n');
}
