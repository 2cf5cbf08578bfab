import { Command } from 'commander';
import { CliError, EXIT } from '../exit-codes';
import type { ControlPlaneClient } from '../http/control-plane-client';
import { print } from '../output/print';
import { clientFrom, withConnectionOptions } from './connection-options';

interface RunView {
  runId: string;
  status: string;
  writeMode: string;
  backfill: boolean;
  rowsIn: number;
  rowsOut: number;
  rowsQuarantined: number;
  batchesDone: number;
  batches: unknown[];
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
  failedChecks: { check: string; detail: string }[];
}

const base = (sourceId: string) => `/v1/admin/sources/${encodeURIComponent(sourceId)}`;
const FINAL = new Set(['PROMOTED', 'REJECTED', 'FAILED']);

/** Waits for a run to reach a final status, printing its progress on stderr. */
export async function waitForRun(
  client: ControlPlaneClient,
  sourceId: string,
  runId: string,
  timeoutSeconds: number,
): Promise<RunView> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  let last = '';
  for (;;) {
    const run = await client
      .request<RunView>(`${base(sourceId)}/runs/${encodeURIComponent(runId)}`, { auth: 'admin' })
      .catch((error: unknown) => {
        if (error instanceof CliError && error.exitCode === EXIT.notFound) return undefined;
        throw error;
      });
    const line = run
      ? `${run.status} batch ${run.batchesDone}/${run.batches.length} rows in ${run.rowsIn} out ${run.rowsOut} quarantined ${run.rowsQuarantined}`
      : 'requested';
    if (line !== last) process.stderr.write(`run ${runId}: ${line}\n`);
    last = line;
    if (run && FINAL.has(run.status)) return run;
    if (!run) await failIfNotStarted(client, sourceId, runId);
    if (Date.now() > deadline)
      throw new CliError(
        `run ${runId} did not finish within ${timeoutSeconds}s (last: ${line})`,
        EXIT.unavailable,
      );
    await new Promise((r) => setTimeout(r, 500));
  }
}

interface PipelineView {
  state: string;
  request: { runId: string } | null;
  runId: string | null;
  lastError: string | null;
}

/**
 * A requested run the promoter declined (a BREAKING schema version awaiting a person, for
 * instance) never gets a run record: the request is cleared and the reason left on the
 * pipeline. Waiting on would only end at the timeout.
 */
async function failIfNotStarted(
  client: ControlPlaneClient,
  sourceId: string,
  runId: string,
): Promise<void> {
  const pipeline = await client.request<PipelineView>(`${base(sourceId)}/pipeline`, {
    auth: 'admin',
  });
  const ours = pipeline.request?.runId === runId || pipeline.runId === runId;
  if (!ours && pipeline.state === 'IDLE' && pipeline.lastError)
    throw new CliError(`run ${runId} was not started: ${pipeline.lastError}`, EXIT.rejected);
}

export function runsCommand(): Command {
  const runs = new Command('runs').description(
    'promotion runs: list, show, trigger (and rollback, pointer)',
  );

  withConnectionOptions(runs.command('list <sourceId>'))
    .description('recent runs, newest first')
    .option('--limit <n>', 'how many', '20')
    .option('--json', 'print JSON')
    .action(
      async (sourceId: string, flags: { limit: string; json?: boolean }, command: Command) => {
        const list = await clientFrom(command).request<RunView[]>(`${base(sourceId)}/runs`, {
          auth: 'admin',
          query: { limit: flags.limit },
        });
        if (flags.json) return print(list, { json: true });
        print(
          list.map((r) => ({
            runId: r.runId,
            status: r.status,
            mode: r.writeMode,
            in: r.rowsIn,
            out: r.rowsOut,
            quarantined: r.rowsQuarantined,
            started: r.startedAt,
          })),
          {},
        );
      },
    );

  withConnectionOptions(runs.command('show <sourceId> <runId>'))
    .description('one run: plan, checkpoints, counts, checks')
    .option('--json', 'print JSON')
    .action(
      async (sourceId: string, runId: string, flags: { json?: boolean }, command: Command) => {
        print(
          await clientFrom(command).request(`${base(sourceId)}/runs/${encodeURIComponent(runId)}`, {
            auth: 'admin',
          }),
          flags,
        );
      },
    );

  withConnectionOptions(runs.command('trigger <sourceId>'))
    .description('request a promotion run now; --wait follows it to its end')
    .option(
      '--wait',
      'wait until the run is promoted, rejected or failed (exit 3 when not promoted)',
    )
    .option('--timeout <seconds>', 'how long --wait waits', '600')
    .option('--json', 'print JSON')
    .action(
      async (
        sourceId: string,
        flags: { wait?: boolean; timeout: string; json?: boolean },
        command: Command,
      ) => {
        const client = clientFrom(command);
        const { runId } = await client.request<{ runId: string }>(`${base(sourceId)}/runs`, {
          method: 'POST',
          auth: 'admin',
        });
        if (!flags.wait) return print({ runId }, flags.json ? flags : {});
        const run = await waitForRun(client, sourceId, runId, Number(flags.timeout));
        print(run, flags.json ? flags : {});
        if (run.status !== 'PROMOTED')
          throw new CliError(
            `run ${runId} ended ${run.status}${run.error ? `: ${run.error}` : ''}`,
            EXIT.rejected,
          );
      },
    );

  return runs;
}

export function pipelineCommands(): Command[] {
  const make = (name: string, action: 'pause' | 'resume' | 'reset', description: string) =>
    withConnectionOptions(new Command(name))
      .argument('<sourceId>')
      .description(description)
      .option('--json', 'print JSON')
      .action(async (sourceId: string, flags: { json?: boolean }, command: Command) => {
        print(
          await clientFrom(command).request(`${base(sourceId)}/${action}`, {
            method: 'POST',
            auth: 'admin',
          }),
          flags,
        );
      });
  const status = withConnectionOptions(new Command('pipeline'))
    .argument('<sourceId>')
    .description(
      "a source's pipeline state (IDLE, RUN_REQUESTED, RUNNING, PAUSE_REQUESTED, PAUSED, FAILED)",
    )
    .option('--json', 'print JSON')
    .action(async (sourceId: string, flags: { json?: boolean }, command: Command) => {
      print(
        await clientFrom(command).request(`${base(sourceId)}/pipeline`, { auth: 'admin' }),
        flags,
      );
    });
  return [
    make('pause', 'pause', 'pause a running promotion between batches'),
    make('resume', 'resume', 'resume a paused promotion'),
    make('reset', 'reset', 'after a FAILED run: back to IDLE, so runs can be requested again'),
    status,
  ];
}

export function backfillCommand(): Command {
  return withConnectionOptions(new Command('backfill'))
    .argument('<sourceId>')
    .requiredOption('--from <date>', 'first partition date (YYYY-MM-DD)')
    .requiredOption('--to <date>', 'last partition date (YYYY-MM-DD)')
    .option('--wait', 'wait for the backfill run to end')
    .option('--timeout <seconds>', 'how long --wait waits', '600')
    .option('--json', 'print JSON')
    .description(
      'rewrite the partitions of a date range in a new _BACKFILL run (late data included)',
    )
    .action(
      async (
        sourceId: string,
        flags: { from: string; to: string; wait?: boolean; timeout: string; json?: boolean },
        command: Command,
      ) => {
        const client = clientFrom(command);
        const result = await client.request<{ runId: string }>(`${base(sourceId)}/backfills`, {
          method: 'POST',
          auth: 'admin',
          body: { from: flags.from, to: flags.to },
        });
        if (!flags.wait) return print(result, flags.json ? flags : {});
        print(
          await waitForRun(client, sourceId, result.runId, Number(flags.timeout)),
          flags.json ? flags : {},
        );
      },
    );
}

export function replayCommand(): Command {
  return withConnectionOptions(new Command('replay'))
    .argument('<sourceId>')
    .requiredOption('--since <timestamp>', 'replay file-landed events from this ISO timestamp')
    .option('--until <timestamp>', 'up to this ISO timestamp')
    .option('--wait', 'wait for the backfill run it requests to end')
    .option('--timeout <seconds>', 'how long --wait waits', '600')
    .option('--json', 'print JSON')
    .description(
      'replay file-landed from a timestamp (own consumer group) and backfill the dates it names',
    )
    .action(
      async (
        sourceId: string,
        flags: { since: string; until?: string; wait?: boolean; timeout: string; json?: boolean },
        command: Command,
      ) => {
        const client = clientFrom(command);
        const result = await client.request<{ runId: string | null; dates: string[] }>(
          `${base(sourceId)}/replays`,
          {
            method: 'POST',
            auth: 'admin',
            body: { since: flags.since, ...(flags.until ? { until: flags.until } : {}) },
          },
        );
        if (!flags.wait || result.runId === null) {
          if (result.runId === null)
            process.stderr.write(
              `replay: no file-landed event of ${sourceId} since ${flags.since}; no backfill requested\n`,
            );
          return print(result, flags.json ? flags : {});
        }
        print(
          await waitForRun(client, sourceId, result.runId, Number(flags.timeout)),
          flags.json ? flags : {},
        );
      },
    );
}
