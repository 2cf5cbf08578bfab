// Peak memory and CPU time of processes, from /proc (Linux).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

const TICKS = 100; // USER_HZ: clock ticks per second of /proc/<pid>/stat on Linux

function readStatus(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => {
      const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text);
      return m ? Number(m[1]) * 1024 : 0;
    };
    const name = /^Name:\s+(.*)$/m.exec(text)?.[1] ?? '?';
    return { rss: kb('VmRSS'), hwm: kb('VmHWM'), name };
  } catch {
    return undefined;
  }
}

/** utime+stime of a process in seconds (threads included), or undefined once it is gone. */
export function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return undefined;
  }
}

function parentOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function commandOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

/** The process and all its descendants. */
export function processTree(root) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const ppid = parentOf(Number(entry));
    if (ppid === undefined) continue;
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(Number(entry));
  }
  const out = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop();
    out.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** Resets a process's peak RSS (VmHWM) so that a new measurement starts now (Linux >= 4.0). */
export function resetPeak(pid) {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

export function peakRss(pid) {
  return readStatus(pid)?.hwm;
}

/**
 * Samples a set of process trees every `intervalMs`: the peak RSS (VmHWM, which the kernel keeps
 * exact between samples) and CPU seconds of every process seen, and the peak of the summed RSS.
 */
export class ProcessMonitor {
  constructor(roots, { intervalMs = 200, label = (pid) => undefined } = {}) {
    this.roots = new Map(Object.entries(roots).map(([name, pid]) => [pid, name]));
    this.label = label;
    this.procs = new Map();
    this.peakTotal = 0;
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
    this.sample();
  }

  sample() {
    let total = 0;
    for (const [root, rootName] of this.roots) {
      for (const pid of processTree(root)) {
        const status = readStatus(pid);
        if (!status) continue;
        total += status.rss;
        const cpu = cpuSeconds(pid);
        let p = this.procs.get(pid);
        if (!p) {
          p = { pid, root: rootName, peakRss: 0, cpuStart: cpu ?? 0, cpu: 0 };
          this.procs.set(pid, p);
        }
        // (re-read each time: a launcher script may exec the real program under the same pid)
        const exe = (commandOf(pid)[0] ?? status.name).split('/').pop();
        p.name = pid === root ? rootName : `${rootName}/${exe}`;
        p.peakRss = Math.max(p.peakRss, status.hwm, status.rss);
        if (cpu !== undefined) p.cpu = cpu - p.cpuStart;
      }
    }
    this.peakTotal = Math.max(this.peakTotal, total);
  }

  stop() {
    this.sample();
    clearInterval(this.timer);
    const procs = [...this.procs.values()].filter((p) => p.peakRss > 8 * 1024 * 1024);
    return {
      processes: procs.map(({ pid, name, peakRss, cpu }) => ({
        pid,
        name,
        peakRss,
        cpuSeconds: cpu,
      })),
      peakTotalRss: this.peakTotal,
    };
  }
}
