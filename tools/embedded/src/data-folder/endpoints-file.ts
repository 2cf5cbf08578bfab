import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `<data-dir>/endpoints.env`: where a running embedded instance listens and its admin
 * credential, in the `.stack/env` format (KEY=value lines, shell-sourceable), so the CLI and
 * scripts find it. Rewritten at every start; the CLI reads it as a fallback.
 */
export const ENDPOINTS_FILE = 'endpoints.env';

export interface Endpoints {
  readonly dataDir: string;
  readonly pid: number;
  readonly gatewayUrl: string;
  readonly profilerUrl: string;
  readonly promoterUrl: string;
  readonly qualityUrl: string;
  readonly notifierUrl: string;
  readonly adminToken: string;
  readonly demoSourceId?: string;
  readonly demoSourceKey?: string;
}

const SAFE = /^[A-Za-z0-9_./:@%+=,-]*$/;

function shellValue(value: string): string {
  return SAFE.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'"))
    return value.slice(1, -1).replace(/'\\''/g, "'");
  return value;
}

export function endpointsPath(dataDir: string): string {
  return join(dataDir, ENDPOINTS_FILE);
}

/** The file's text: one KEY=value line each, values single-quoted where the shell needs it. */
export function renderEndpoints(endpoints: Endpoints): string {
  const lines: [string, string | number | undefined][] = [
    ['TRIBUTARY_MODE', 'embedded'],
    ['TRIBUTARY_DATA_DIR', endpoints.dataDir],
    ['TRIBUTARY_PID', endpoints.pid],
    ['GATEWAY_URL', endpoints.gatewayUrl],
    ['ADMIN_TOKEN', endpoints.adminToken],
    ['PROFILER_SERVICE_URL', endpoints.profilerUrl],
    ['PROMOTER_SERVICE_URL', endpoints.promoterUrl],
    ['QUALITY_SERVICE_URL', endpoints.qualityUrl],
    ['NOTIFIER_SERVICE_URL', endpoints.notifierUrl],
    ['DEMO_SOURCE_ID', endpoints.demoSourceId],
    ['DEMO_SOURCE_KEY', endpoints.demoSourceKey],
  ];
  return [
    '# Written by `tributary dev` (embedded mode) at every start; read by the tributary CLI.',
    ...lines.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${shellValue(String(v))}`),
    '',
  ].join('\n');
}

/** KEY=value lines back into pairs (comments skipped, shell single quotes removed). */
export function parseEnvText(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0 && !line.startsWith('#'))
      out[line.slice(0, eq).trim()] = unquote(line.slice(eq + 1).trim());
  }
  return out;
}

/** Writes the file atomically (temp + rename), readable by its owner only: it holds secrets. */
export function writeEndpointsFile(endpoints: Endpoints): string {
  const path = endpointsPath(endpoints.dataDir);
  mkdirSync(endpoints.dataDir, { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, renderEndpoints(endpoints), { mode: 0o600 });
  renameSync(temp, path);
  return path;
}

/** The KEY=value pairs of an endpoints file, or undefined when there is none. */
export function readEndpointsVariables(dataDir: string): Record<string, string> | undefined {
  let text: string;
  try {
    text = readFileSync(endpointsPath(dataDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return parseEnvText(text);
}

/** The endpoints of the instance that last started on this folder (it may have stopped since). */
export function readEndpointsFile(dataDir: string): Endpoints | undefined {
  const v = readEndpointsVariables(dataDir);
  if (!v?.GATEWAY_URL || !v.ADMIN_TOKEN) return undefined;
  return {
    dataDir: v.TRIBUTARY_DATA_DIR ?? dataDir,
    pid: Number(v.TRIBUTARY_PID ?? 0),
    gatewayUrl: v.GATEWAY_URL,
    profilerUrl: v.PROFILER_SERVICE_URL ?? '',
    promoterUrl: v.PROMOTER_SERVICE_URL ?? '',
    qualityUrl: v.QUALITY_SERVICE_URL ?? '',
    notifierUrl: v.NOTIFIER_SERVICE_URL ?? '',
    adminToken: v.ADMIN_TOKEN,
    demoSourceId: v.DEMO_SOURCE_ID,
    demoSourceKey: v.DEMO_SOURCE_KEY,
  };
}
