const t0 = Date.now();

/** Progress goes to stderr (the table and nothing else to stdout). */
export function log(message) {
  const s = ((Date.now() - t0) / 1000).toFixed(1).padStart(7);
  process.stderr.write(`[bench ${s}s] ${message}\n`);
}
