import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { CliError, EXIT } from '../exit-codes';
import { print } from '../output/print';
import { qualityClientFrom, sourcePath, withQualityOptions } from './quality-connection';

interface RowView {
  runId: string;
  fileId: string;
  rowPosition: number;
  reason: string;
  attemptCount: number;
  original: Record<string, unknown>;
  resubmittedIn: string | null;
  discardedOnly?: boolean;
}

interface RowSelection {
  fileId: string;
  rowPosition: number;
  values?: Record<string, unknown>;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `--row <fileId>:<position>` (as is) and `--rows-file` (JSON, corrected `values` allowed). */
function selection(flags: { row?: string[]; rowsFile?: string }): RowSelection[] {
  const rows: RowSelection[] = [];
  for (const ref of flags.row ?? []) {
    const match = /^([0-9A-Za-z]{26}):(\d+)$/.exec(ref);
    if (!match) throw new CliError(`--row takes <fileId>:<rowPosition>, got "${ref}"`, EXIT.usage);
    rows.push({ fileId: match[1]!.toUpperCase(), rowPosition: Number(match[2]) });
  }
  if (flags.rowsFile) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(flags.rowsFile, 'utf8'));
    } catch (error) {
      throw new CliError(`cannot read ${flags.rowsFile}: ${(error as Error).message}`, EXIT.usage);
    }
    const list = Array.isArray(parsed) ? parsed : (parsed as { rows?: unknown }).rows;
    if (!Array.isArray(list))
      throw new CliError(
        `${flags.rowsFile} must hold [{ "fileId", "rowPosition", "values"? }, …]`,
        EXIT.usage,
      );
    rows.push(...(list as RowSelection[]));
  }
  if (rows.length === 0)
    throw new CliError(
      'name the rows: --row <fileId>:<rowPosition> or --rows-file <json>',
      EXIT.usage,
    );
  return rows;
}

function rowTable(items: readonly RowView[]): Record<string, unknown>[] {
  return items.map((r) => ({
    runId: r.runId,
    fileId: r.fileId,
    row: r.rowPosition,
    attempts: r.attemptCount,
    reason: r.reason,
    resubmittedIn: r.resubmittedIn ?? (r.discardedOnly ? '(published; values discarded)' : ''),
    original: r.original,
  }));
}

function listCommand(parent: Command, name: string, path: string, description: string): void {
  withQualityOptions(parent.command(`${name} <sourceId>`))
    .description(description)
    .option('--run <runId>', 'only rows of this run')
    .option('--limit <n>', 'how many rows', '100')
    .option('--json', 'print JSON')
    .action(
      async (
        sourceId: string,
        flags: { run?: string; limit: string; json?: boolean },
        command: Command,
      ) => {
        const result = await qualityClientFrom(command).request<{ items: RowView[] }>(
          `${sourcePath(sourceId)}/${path}`,
          { auth: 'admin', query: { runId: flags.run, limit: flags.limit } },
        );
        if (flags.json) return print(result, { json: true });
        print(rowTable(result.items), {});
      },
    );
}

function sendCommand(parent: Command, name: string, path: string, description: string): Command {
  return withQualityOptions(parent.command(`${name} <sourceId>`))
    .description(description)
    .requiredOption('--run <runId>', 'the run whose rows these are')
    .option('--row <fileId:rowPosition>', 'a row to send back as it is (repeatable)', collect)
    .option(
      '--rows-file <path>',
      'JSON list of { fileId, rowPosition, values? }; values replace the row (a correction)',
    )
    .option('--json', 'print JSON')
    .action(
      async (
        sourceId: string,
        flags: { run: string; row?: string[]; rowsFile?: string; json?: boolean },
        command: Command,
      ) => {
        const rows = selection(flags);
        print(
          await qualityClientFrom(command).request(`${sourcePath(sourceId)}/${path}`, {
            method: 'POST',
            auth: 'admin',
            body: { runId: flags.run, rows },
          }),
          flags,
        );
      },
    );
}

export function quarantineCommand(): Command {
  const quarantine = new Command('quarantine').description(
    'rows set aside by promotion: review, re-submit (corrected or not), approve condemned rows',
  );
  listCommand(quarantine, 'list', 'quarantine', "a source's quarantined rows, newest run first");
  sendCommand(
    quarantine,
    'resubmit',
    'quarantine/resubmit',
    'send quarantined rows back into the next promotion run (a retry file in the raw zone)',
  ).alias('retry');
  listCommand(
    quarantine,
    'condemned',
    'quarantine/condemned',
    'rows that failed 3 attempts; only an explicit approval sends them back',
  );
  sendCommand(
    quarantine,
    'approve',
    'quarantine/condemned/approve',
    'approve condemned rows for one more attempt (as they are or corrected)',
  );
  return quarantine;
}
