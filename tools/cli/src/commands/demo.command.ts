import type { DemoDataset, EmbeddedFlags, EmbeddedInstance } from '@tributary/embedded';
import { Command } from 'commander';
import { CliError, EXIT } from '../exit-codes';
import type { CliConnection } from '../config/cli.config';
import { ControlPlaneClient, type RequestOptions } from '../http/control-plane-client';
import { table } from '../output/print';
import { queryPublished } from './query.command';
import { resolveQuerySettings } from './query.config';
import {
  cliFor,
  loadRunner,
  startRunner,
  stopRunner,
  untilSignal,
  withEmbeddedOptions,
} from './run-embedded';
import { waitForRun } from './runs.command';

/** A running embedded Tributary: its gateway, credential and data folder. */
export interface DemoTarget {
  readonly gatewayUrl: string;
  readonly adminToken: string;
  readonly dataDir: string;
}

export interface DemoOptions {
  readonly sourceId?: string;
  readonly timeoutSeconds?: number;
  /** When the demo began (start-up included), for the time it reports. */
  readonly startedAt: number;
  /** Stops the demo before its next request (Ctrl-C), so none is in flight when services stop. */
  readonly signal?: AbortSignal;
}

/** A client that makes no new request once the demo is aborted. */
class DemoClient extends ControlPlaneClient {
  constructor(
    connection: CliConnection,
    private readonly signal: AbortSignal | undefined,
  ) {
    super(connection);
  }

  override request<T>(path: string, options: RequestOptions): Promise<T> {
    this.signal?.throwIfAborted();
    return super.request<T>(path, options);
  }
}

interface FileView {
  fileId: string;
  status: string;
  fileName: string;
  schemaVersion: number | null;
  schemaStatus: string | null;
  reason: string | null;
  rowCount: number | null;
}

interface VersionView {
  version: number;
  status: string;
  compatibility: string;
  fileId: string;
  previousVersion: number | null;
  fieldDiff: {
    added: { name: string; type: string }[];
    removed: { name: string; type: string }[];
    typeChanged: { name: string; from: string; to: string }[];
    renameCandidates: { from: string; to: string; evidence: string }[];
  };
}

const say = (line = '') => process.stdout.write(`${line}\n`);
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const WAITING = new Set(['LANDED']);
/** The shell's code for a command stopped by Ctrl-C (128 + SIGINT). */
const INTERRUPTED = 130;

async function sourceKey(admin: ControlPlaneClient, dataset: DemoDataset): Promise<string> {
  try {
    const created = await admin.request<{ apiKey: string }>('/v1/admin/sources', {
      method: 'POST',
      auth: 'admin',
      body: { sourceId: dataset.sourceId, description: dataset.description },
    });
    say(`  created source ${dataset.sourceId}`);
    return created.apiKey;
  } catch (error) {
    if (!(error instanceof CliError) || error.exitCode !== EXIT.conflict) throw error;
    // An earlier demo made it: its key was shown once, so issue a new one.
    const rotated = await admin.request<{ apiKey: string }>(
      `/v1/admin/sources/${dataset.sourceId}/rotate-key`,
      { method: 'POST', auth: 'admin' },
    );
    say(`  source ${dataset.sourceId} exists (an earlier demo): issued a new key`);
    return rotated.apiKey;
  }
}

async function waitProfiled(
  admin: ControlPlaneClient,
  sourceId: string,
  fileId: string,
  deadline: number,
): Promise<FileView> {
  for (;;) {
    const file = await admin.request<FileView>(`/v1/admin/sources/${sourceId}/files/${fileId}`, {
      auth: 'admin',
    });
    if (!WAITING.has(file.status)) return file;
    if (Date.now() > deadline)
      throw new CliError(`file ${file.fileName} was not profiled in time`, EXIT.unavailable);
    await new Promise((r) => setTimeout(r, 150));
  }
}

function fields(list: readonly string[]): string {
  return list.length > 0 ? list.join(', ') : '(none)';
}

/** The drift as the drift-detected alert carries it: the diff, the file, what is blocked. */
function printDrift(version: VersionView, file: FileView | undefined, sourceId: string): void {
  const d = version.fieldDiff;
  say(
    `  Drift alert: ${sourceId} schema v${version.previousVersion ?? '?'} → v${version.version} ${version.status} (${version.compatibility}), caused by ${file?.fileName ?? version.fileId}`,
  );
  say(`    added      ${fields(d.added.map((f) => `${f.name} (${f.type})`))}`);
  say(`    removed    ${fields(d.removed.map((f) => `${f.name} (${f.type})`))}`);
  say(`    retyped    ${fields(d.typeChanged.map((f) => `${f.name} ${f.from} → ${f.to}`))}`);
  say(
    `    renames    ${fields(d.renameCandidates.map((r) => `${r.from} → ${r.to}? ${r.evidence}`))}`,
  );
  say(
    `    blocked    ${version.status === 'BREAKING' ? `promotion of ${sourceId}, until \`tributary schemas resolve ${sourceId} ${version.version}\`` : 'nothing: an additive change publishes as a new version, older rows read the new column as NULL'}`,
  );
}

/**
 * The whole flow through the HTTP API, as a source system and an operator would drive it:
 * create a source, upload the files (one drifted), wait until they are profiled, show the drift,
 * run a promotion to the end, and query the published table.
 */
export async function runDemo(target: DemoTarget, options: DemoOptions): Promise<void> {
  const { seattleWeatherDataset } = await import('@tributary/embedded');
  const dataset = seattleWeatherDataset(options.sourceId);
  const deadline = Date.now() + (options.timeoutSeconds ?? 120) * 1000;
  const admin = new DemoClient(
    { gatewayUrl: target.gatewayUrl, adminToken: target.adminToken },
    options.signal,
  );
  const sourceId = dataset.sourceId;
  say(`\nDemo: ${dataset.description}`);
  say(`\n1. A source for the feed, through the control plane (${target.gatewayUrl})`);
  const key = await sourceKey(admin, dataset);
  const uploader = new DemoClient(
    { gatewayUrl: target.gatewayUrl, sourceKey: key },
    options.signal,
  );

  say(`\n2. ${dataset.uploads.length} uploads with the source's API key`);
  const uploaded: { fileId: string; duplicate: boolean; drifted: boolean }[] = [];
  for (const upload of dataset.uploads) {
    const result = await uploader.request<{ fileId: string; duplicate: boolean }>(
      `/v1/sources/${sourceId}/files`,
      {
        method: 'POST',
        auth: 'source',
        query: { name: upload.name },
        raw: { body: upload.body, headers: { 'content-type': upload.contentType } },
      },
    );
    uploaded.push({ ...result, drifted: upload.drifted });
    say(
      `  ${upload.name}  ${upload.rows} rows  → file ${result.fileId}${result.duplicate ? ' (already uploaded earlier)' : ''}${upload.drifted ? '  ← the feed now also sends wind' : ''}`,
    );
  }

  say('\n3. Profiled: each file landed untouched, its schema inferred and versioned');
  const files: FileView[] = [];
  for (const { fileId } of uploaded)
    files.push(await waitProfiled(admin, sourceId, fileId, deadline));
  for (const file of files)
    say(
      `  ${file.fileName}  ${file.status}  schema v${file.schemaVersion ?? '-'} ${file.schemaStatus ?? ''}${file.reason && file.status !== 'PROFILED' ? `  ${file.reason}` : ''}`,
    );
  const { versions } = await admin.request<{ versions: VersionView[] }>(
    `/v1/admin/sources/${sourceId}/schemas`,
    { auth: 'admin' },
  );
  const drifts = versions.filter((v) => v.previousVersion !== null);
  if (drifts.length === 0) say('  no drift detected');
  for (const version of drifts)
    printDrift(
      version,
      files.find((f) => f.fileId === version.fileId),
      sourceId,
    );

  say('\n4. A promotion run: validate every row, write Parquet, pass the quality gate, publish');
  const pending = files.some((f) => f.status === 'PROFILED');
  if (pending) {
    const { runId } = await admin.request<{ runId: string }>(`/v1/admin/sources/${sourceId}/runs`, {
      method: 'POST',
      auth: 'admin',
    });
    const timeout = Math.max(1, Math.ceil((deadline - Date.now()) / 1000));
    const run = await waitForRun(admin, sourceId, runId, timeout);
    if (run.status !== 'PROMOTED')
      throw new CliError(
        `run ${runId} ended ${run.status}${run.error ? `: ${run.error}` : ''}`,
        EXIT.rejected,
      );
    say(
      `  run ${runId} PROMOTED: ${run.rowsIn} rows in, ${run.rowsOut} published, ${run.rowsQuarantined} quarantined`,
    );
  } else say('  nothing new to promote: an earlier demo published these files');

  say(`\n5. tributary query over the published table (DuckDB over its Parquet files)`);
  say(`  ${dataset.query.replace(/\n\s*/g, ' ')}\n`);
  options.signal?.throwIfAborted();
  const rows = await queryPublished(
    resolveQuerySettings({ dataDir: target.dataDir }),
    dataset.query,
    [sourceId],
  );
  say(table(rows));
  const cli = cliFor(target.dataDir);
  say(`\nDone in ${seconds(options.startedAt)}. Next:`);
  say(`  ${cli} schemas list ${sourceId}       # every version with its diff`);
  say(`  ${cli} runs list ${sourceId}`);
  say(`  ${cli} query 'SELECT * FROM ${sourceId.replace(/-/g, '_')} LIMIT 5'`);
}

interface DemoFlags extends EmbeddedFlags {
  readonly source?: string;
  readonly timeout: string;
}

/** The embedded instance already running on the folder, if its gateway answers. */
async function runningTarget(dataDir: string): Promise<DemoTarget | undefined> {
  const { isAlive, readEndpointsFile } = await import('@tributary/embedded');
  const endpoints = readEndpointsFile(dataDir);
  if (!endpoints || endpoints.pid === process.pid || !isAlive(endpoints.pid)) return undefined;
  const ready = await fetch(`${endpoints.gatewayUrl}/health/ready`).then(
    (r) => r.ok,
    () => false,
  );
  if (!ready) return undefined;
  return {
    gatewayUrl: endpoints.gatewayUrl,
    adminToken: endpoints.adminToken,
    dataDir: endpoints.dataDir,
  };
}

export function demoCommand(): Command {
  return withEmbeddedOptions(new Command('demo'), '0 when it starts its own')
    .description(
      'see the whole flow in under a minute: real data (Seattle weather, vega-datasets) in four uploads, one drifted, through the HTTP API; a promotion run; the drift alert; a query. Uses the `tributary dev` running on the data folder, or starts one for the demo',
    )
    .option('--source <sourceId>', 'source to load into', 'weather')
    .option('--timeout <seconds>', 'how long the demo may take', '180')
    .action(async (flags: DemoFlags) => {
      const startedAt = Date.now();
      const { runner, config } = await loadRunner({ ...flags, port: flags.port ?? '0' });
      const options = { sourceId: flags.source, timeoutSeconds: Number(flags.timeout), startedAt };
      const running = await runningTarget(config.dataDir);
      if (running) {
        say(`Using the tributary dev running on ${running.dataDir} (${running.gatewayUrl})`);
        return runDemo(running, options);
      }
      say(`Starting embedded mode on ${config.dataDir} for the demo…`);
      const stopped = untilSignal(config.shutdownTimeoutMs);
      const instance: EmbeddedInstance = await startRunner(runner, config);
      say(`  started in ${seconds(startedAt)}: gateway ${instance.endpoints.gatewayUrl}`);
      const target = {
        gatewayUrl: instance.endpoints.gatewayUrl,
        adminToken: instance.adminToken,
        dataDir: instance.dataDir,
      };
      // Ctrl-C during the demo stops it before its next request, then the services, gracefully.
      const abort = new AbortController();
      const demo = runDemo(target, { ...options, signal: abort.signal }).then(
        () => ({ done: true as const, error: undefined }),
        (error: unknown) => ({
          done: true as const,
          error: error instanceof Error ? error : new Error(String(error)),
        }),
      );
      const outcome = await Promise.race([
        demo,
        stopped.then((signal) => ({ done: false as const, signal })),
      ]);
      if (!outcome.done) {
        abort.abort();
        await demo;
      }
      await stopRunner(instance, outcome.done ? 'demo over' : `${outcome.signal} received`);
      if (!outcome.done) throw new CliError('demo interrupted', INTERRUPTED);
      else if (outcome.error !== undefined) throw outcome.error;
      else
        say(
          `\nThe data stays in ${instance.dataDir}: \`${cliFor(instance.dataDir)} dev\` serves it again.`,
        );
    });
}
