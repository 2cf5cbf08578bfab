import { Command } from 'commander';
import { CliError, EXIT } from '../exit-codes';
import { print } from '../output/print';
import { clientFrom, withConnectionOptions } from './connection-options';

interface VersionView {
  version: number;
  status: string;
  compatibility: string;
  createdAt: string;
  fileId: string;
  note: string;
  fields: Record<string, { type: string; column: string; nullable: boolean }>;
  fieldDiff: {
    added: unknown[];
    removed: unknown[];
    typeChanged: unknown[];
    renameCandidates: unknown[];
  };
}

const path = (sourceId: string, rest = '') =>
  `/v1/admin/sources/${encodeURIComponent(sourceId)}/schemas${rest}`;

export function schemasCommand(): Command {
  const schemas = new Command('schemas').description(
    'schema versions: list, show, diff, resolve a BREAKING version',
  );

  withConnectionOptions(schemas.command('list <sourceId>'))
    .description("a source's schema versions with status and what changed")
    .option('--json', 'print JSON')
    .action(async (sourceId: string, flags: { json?: boolean }, command: Command) => {
      const result = await clientFrom(command).request<{ head: unknown; versions: VersionView[] }>(
        path(sourceId),
        { auth: 'admin' },
      );
      if (flags.json) return print(result, { json: true });
      print(
        result.versions.map((v) => ({
          version: v.version,
          status: v.status,
          compatibility: v.compatibility,
          fields: Object.keys(v.fields).length,
          added: v.fieldDiff.added.length,
          removed: v.fieldDiff.removed.length,
          retyped: v.fieldDiff.typeChanged.length,
          renames: v.fieldDiff.renameCandidates.length,
          created: v.createdAt,
          note: v.note,
        })),
        {},
      );
    });

  withConnectionOptions(schemas.command('show <sourceId> <version>'))
    .description('one version: its fields, types and diff')
    .option('--json', 'print JSON')
    .action(
      async (sourceId: string, version: string, flags: { json?: boolean }, command: Command) => {
        const v = await clientFrom(command).request<VersionView>(
          path(sourceId, `/${encodeURIComponent(version)}`),
          { auth: 'admin' },
        );
        if (flags.json) return print(v, { json: true });
        process.stdout.write(
          `version ${v.version}: ${v.status} (${v.compatibility}) from file ${v.fileId}\n${v.note}\n\n`,
        );
        print(
          Object.entries(v.fields).map(([name, f]) => ({
            field: name,
            type: f.type,
            column: f.column,
            nullable: f.nullable,
          })),
          {},
        );
      },
    );

  withConnectionOptions(schemas.command('diff <sourceId> <from> <to>'))
    .description('what changed between two versions')
    .option('--json', 'print JSON')
    .action(
      async (
        sourceId: string,
        from: string,
        to: string,
        flags: { json?: boolean },
        command: Command,
      ) => {
        const result = await clientFrom(command).request<DiffView>(path(sourceId, '/diff'), {
          auth: 'admin',
          query: { from, to },
        });
        if (flags.json) return print(result, flags);
        process.stdout.write(describeDiff(result));
      },
    );

  withConnectionOptions(schemas.command('resolve <sourceId> <version>'))
    .description(
      'resolve a BREAKING version: --accept it as ACTIVE or --deprecate the previous one (with --dry-run to see the impact)',
    )
    .option('--accept', 'accept the BREAKING version as ACTIVE')
    .option('--deprecate', 'deprecate the previous ACTIVE version (a migration)')
    .requiredOption('--note <text>', 'why: recorded on the version')
    .option('--dry-run', 'show what would change without changing it')
    .option('--json', 'print JSON')
    .action(
      async (
        sourceId: string,
        version: string,
        flags: {
          accept?: boolean;
          deprecate?: boolean;
          note: string;
          dryRun?: boolean;
          json?: boolean;
        },
        command: Command,
      ) => {
        if (Boolean(flags.accept) === Boolean(flags.deprecate))
          throw new CliError('pass exactly one of --accept or --deprecate', EXIT.usage);
        const result = await clientFrom(command).request<{
          applied: boolean;
          plan: Record<string, unknown>;
        }>(path(sourceId, `/${encodeURIComponent(version)}/resolve`), {
          method: 'POST',
          auth: 'admin',
          body: {
            action: flags.accept ? 'accept' : 'deprecate',
            note: flags.note,
            dryRun: Boolean(flags.dryRun),
          },
        });
        if (flags.json) return print(result, { json: true });
        process.stdout.write(result.applied ? 'applied\n' : 'dry run: nothing changed\n');
        print(result.plan, {});
      },
    );

  return schemas;
}

interface DiffView {
  from: number;
  to: number;
  diff: {
    added: { name: string; type: string }[];
    removed: { name: string; type: string }[];
    typeChanged: { name: string; from: string; to: string; widening: boolean }[];
    renameCandidates: { from: string; to: string; score: number }[];
  };
}

/** A diff for people: one line per change, and a count line as the drift alert words it. */
function describeDiff({ from, to, diff }: DiffView): string {
  const lines = [
    `schema v${from} → v${to}: ${diff.added.length} added, ${diff.removed.length} removed, ${diff.typeChanged.length} retyped, ${diff.renameCandidates.length} rename candidates`,
    ...diff.added.map((f) => `  + ${f.name} (${f.type})`),
    ...diff.removed.map((f) => `  - ${f.name} (${f.type})`),
    ...diff.typeChanged.map(
      (c) =>
        `  ~ ${c.name}: ${c.from} → ${c.to}${c.widening ? ' (widening)' : ' (not a widening)'}`,
    ),
    ...diff.renameCandidates.map(
      (r) => `  ? ${r.from} → ${r.to} (rename candidate, score ${r.score.toFixed(2)})`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
