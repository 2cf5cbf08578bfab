// Reads V8 .cpuprofile files (node --cpu-prof) and ranks functions by self time.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

function where(url, repoRoot) {
  if (!url) return '(native)';
  let path = url.replace(/^file:\/\//, '');
  if (path.startsWith(repoRoot)) path = relative(repoRoot, path);
  return path;
}

/** The area a script belongs to: a package under node_modules, a workspace project, or node. */
function areaOf(path) {
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (path.startsWith('node:')) return 'node (built-in modules)';
  const m = /^(libs|services|tools)\/([^/]+)\//.exec(path);
  if (m) return `${m[1]}/${m[2]}`;
  return path.startsWith('(') ? path : 'other';
}

/** Monotonic clock in µs, the clock V8 stamps profile samples with (CLOCK_MONOTONIC on Linux). */
export function monotonicUs() {
  return Number(process.hrtime.bigint() / 1000n);
}

/**
 * Self time per function of one profile; with `window` ([fromUs, toUs] of monotonicUs()), only
 * the samples taken inside it (the measured phase, not start-up or idle time around it).
 */
export function analyseProfile(file, repoRoot, window, top = 12) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const collect = (inWindow) => {
    const self = new Map();
    let t = profile.startTime;
    for (let i = 0; i < profile.samples.length; i++) {
      const dt = profile.timeDeltas[i] ?? 0;
      t += dt;
      if (!inWindow(t)) continue;
      const id = profile.samples[i];
      self.set(id, (self.get(id) ?? 0) + dt);
    }
    return self;
  };
  let windowed = false;
  let selfUs = collect(() => true);
  if (window) {
    const w = collect((t) => t >= window[0] && t <= window[1]);
    if (w.size > 0) {
      selfUs = w;
      windowed = true;
    }
  }
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const functions = new Map();
  const areas = new Map();
  let idle = 0;
  for (const [id, us] of selfUs) {
    const { callFrame } = byId.get(id);
    const name = callFrame.functionName || '(anonymous)';
    if (name === '(idle)' || name === '(program)' || name === '(garbage collector)') {
      if (name === '(idle)') idle += us;
    }
    const path = where(callFrame.url, repoRoot);
    const key = `${name} ${path}:${callFrame.lineNumber + 1}`;
    functions.set(key, (functions.get(key) ?? 0) + us);
    const area = callFrame.url ? areaOf(path) : name;
    areas.set(area, (areas.get(area) ?? 0) + us);
  }
  const busy = total - idle;
  const rank = (map) =>
    [...map.entries()]
      .filter(([k]) => !k.startsWith('(idle)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => ({
        what: k,
        ms: Math.round(us / 1000),
        pctOfBusy: busy ? (100 * us) / busy : 0,
      }));
  return {
    file,
    windowed,
    totalMs: Math.round(total / 1000),
    busyMs: Math.round(busy / 1000),
    topSelf: rank(functions),
    byArea: rank(areas),
  };
}

export function analyseDir(dir, repoRoot, windows = {}) {
  const out = {};
  if (!existsSync(dir)) return out;
  for (const service of readdirSync(dir)) {
    const files = readdirSync(join(dir, service)).filter((f) => f.endsWith('.cpuprofile'));
    if (files.length === 0) continue;
    // The profile with the most work in the window is the process that did the measured work.
    const analyses = files.map((f) =>
      analyseProfile(join(dir, service, f), repoRoot, windows[service]),
    );
    out[service] = analyses.sort((a, b) => b.busyMs - a.busyMs)[0];
  }
  return out;
}
