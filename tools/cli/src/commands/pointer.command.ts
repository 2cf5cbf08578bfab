import { type Command, Option } from 'commander';
import { CliError, EXIT } from '../exit-codes';
import { print } from '../output/print';
import { qualityClientFrom, sourcePath, withQualityOptions } from './quality-connection';

interface TableStateView {
  revision: number;
  schemaVersion: number;
  cause: string;
  publishedAt: string;
  partitions: { date: string; files: { key: string; rows: number }[] }[];
}

interface PointerView {
  sourceId: string;
  etag: string;
  current: TableStateView;
  previous: TableStateView[];
}

function stateRow(state: TableStateView, current: boolean): Record<string, unknown> {
  const files = state.partitions.flatMap((p) => p.files);
  return {
    revision: state.revision,
    current: current ? '*' : '',
    cause: state.cause,
    schema: state.schemaVersion,
    partitions: state.partitions.length,
    files: files.length,
    rows: files.reduce((s, f) => s + f.rows, 0),
    published: state.publishedAt,
  };
}

function positiveInt(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1)
      throw new CliError(`${flag} takes a positive integer`, EXIT.usage);
    return n;
  };
}

/** Adds the published table state to `runs`: pointer, rollback and gate (quality service). */
export function withPointerCommands(runs: Command): Command {
  withQualityOptions(runs.command('pointer <sourceId>'))
    .description('the published table state (_LATEST.json) and the earlier ones kept for rollback')
    .option('--json', 'print JSON')
    .action(async (sourceId: string, flags: { json?: boolean }, command: Command) => {
      const pointer = await qualityClientFrom(command).request<PointerView>(
        `${sourcePath(sourceId)}/pointer`,
        { auth: 'admin' },
      );
      if (flags.json) return print(pointer, { json: true });
      print(
        [stateRow(pointer.current, true), ...pointer.previous.map((s) => stateRow(s, false))],
        {},
      );
    });

  withQualityOptions(runs.command('rollback <sourceId>'))
    .description(
      'move the published state back to an earlier revision (default: the one before the current), as a new revision',
    )
    .addOption(
      new Option('--to <revision>', 'the revision to go back to').argParser(positiveInt('--to')),
    )
    .addOption(
      new Option('--steps <n>', 'go back n states (1 = the previous one)')
        .argParser(positiveInt('--steps'))
        .conflicts('to'),
    )
    .option('--json', 'print JSON')
    .action(
      async (
        sourceId: string,
        flags: { to?: number; steps?: number; json?: boolean },
        command: Command,
      ) => {
        const body =
          flags.to !== undefined ? { toRevision: flags.to } : { steps: flags.steps ?? 1 };
        const result = await qualityClientFrom(command).request<{
          rolledBackTo: number;
          revision: number;
          current: TableStateView;
        }>(`${sourcePath(sourceId)}/rollback`, { method: 'POST', auth: 'admin', body });
        if (flags.json) return print(result, { json: true });
        print(
          {
            sourceId,
            rolledBackTo: result.rolledBackTo,
            newRevision: result.revision,
            ...stateRow(result.current, true),
          },
          {},
        );
      },
    );

  withQualityOptions(runs.command('gate <sourceId> <runId>'))
    .description(
      'run the quality gate on a COMPLETED run now (as run-completed would); exit 3 when rejected',
    )
    .option('--json', 'print JSON')
    .action(
      async (sourceId: string, runId: string, flags: { json?: boolean }, command: Command) => {
        const result = await qualityClientFrom(command).request<{
          outcome: string;
          status: string;
          failedChecks: { check: string; detail: string }[];
        }>(`${sourcePath(sourceId)}/runs/${encodeURIComponent(runId)}/gate`, {
          method: 'POST',
          auth: 'admin',
        });
        print(result, flags);
        if (result.status === 'REJECTED') {
          throw new CliError(
            `run ${runId} is REJECTED: ${result.failedChecks.map((c) => c.check).join(', ')}`,
            EXIT.rejected,
          );
        }
      },
    );
  return runs;
}
