// A plain node:http upload client: streams a file (or sends a buffer) as the request body over a
// keep-alive agent and times the request from its first byte to the end of the response.
import { createReadStream } from 'node:fs';
import http from 'node:http';

export function agent(maxSockets) {
  return new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
}

/**
 * POST /v1/sources/{id}/files?name=… with `body` (a Buffer) or `path` (a file streamed from disk).
 * Resolves { status, body, ms, bytes, start, end } (start/end: performance.now()).
 */
export function upload({
  baseUrl,
  sourceId,
  apiKey,
  name,
  contentType,
  body,
  path,
  bytes,
  agent: a,
}) {
  const url = new URL(`/v1/sources/${sourceId}/files?name=${encodeURIComponent(name)}`, baseUrl);
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const req = http.request(
      url,
      {
        method: 'POST',
        agent: a,
        headers: {
          authorization: `Bearer ${apiKey}`,
          'content-type': contentType,
          'content-length': String(body ? body.length : bytes),
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const end = performance.now();
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed;
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = { text };
          }
          resolve({
            status: res.statusCode,
            body: parsed,
            ms: end - start,
            start,
            end,
            bytes: body ? body.length : bytes,
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (body) req.end(body);
    else
      createReadStream(path, { highWaterMark: 1024 * 1024 })
        .on('error', reject)
        .pipe(req);
  });
}

/** Runs `jobs` (functions returning promises) with at most `concurrency` in flight. */
export async function pool(jobs, concurrency) {
  const results = new Array(jobs.length);
  let next = 0;
  async function worker() {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]();
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, worker));
  return results;
}

export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}
