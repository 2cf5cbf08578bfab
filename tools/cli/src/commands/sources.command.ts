import { Command } from 'commander';
import { CliError, EXIT } from '../exit-codes';
import { print } from '../output/print';
import { clientFrom, withConnectionOptions } from './connection-options';

interface SourceSettingsFlags {
  description?: string;
  policy?: string;
  hint?: string[];
  writeMode?: string;
  primaryKey?: string;
  partitionField?: string;
  threshold?: string;
  schedule?: string;
  rate?: string;
  settings?: string;
  json?: boolean;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Flags → the JSON body of the control plane; --settings takes a whole JSON object. */
function settingsBody(flags: SourceSettingsFlags): Record<string, unknown> {
  const body: Record<string, unknown> = flags.settings
    ? parseJson(flags.settings, '--settings')
    : {};
  if (flags.description !== undefined) body.description = flags.description;
  if (flags.policy !== undefined) body.policy = flags.policy;
  if (flags.writeMode !== undefined) body.writeMode = flags.writeMode;
  if (flags.primaryKey !== undefined)
    body.primaryKey = flags.primaryKey.split(',').map((s) => s.trim());
  if (flags.partitionField !== undefined) body.partitionField = flags.partitionField;
  if (flags.threshold !== undefined) body.quarantineThreshold = Number(flags.threshold);
  if (flags.schedule !== undefined)
    body.scheduleSeconds = flags.schedule === 'off' ? null : Number(flags.schedule);
  if (flags.rate !== undefined) body.rateLimitPerMinute = Number(flags.rate);
  if (flags.hint?.length) {
    const hints: Record<string, string> = { ...((body.hints as Record<string, string>) ?? {}) };
    for (const hint of flags.hint) {
      const [field, type] = hint.split('=');
      if (!field || !type) throw new CliError(`--hint takes field=type, got "${hint}"`, EXIT.usage);
      hints[field] = type;
    }
    body.hints = hints;
  }
  return body;
}

function parseJson(text: string, flag: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new CliError(`${flag} must be a JSON object`, EXIT.usage);
  }
}

function settingsOptions(command: Command): Command {
  return command
    .option('--description <text>', 'what the source is')
    .option('--policy <policy>', 'schema evolution: evolve | freeze | discard_row | discard_value')
    .option('--hint <field=type>', 'pin a field type (repeatable), e.g. zip=string', collect)
    .option('--write-mode <mode>', 'append | replace | merge')
    .option('--primary-key <fields>', 'comma-separated key fields (merge mode)')
    .option('--partition-field <field>', 'date field that picks the date= partition')
    .option('--threshold <ratio>', 'quarantine rate that rejects a run, e.g. 0.05')
    .option('--schedule <seconds|off>', 'seconds between scheduled runs')
    .option('--rate <perMinute>', 'uploads per minute for this source key')
    .option('--settings <json>', 'any settings as one JSON object (checks, channels, …)');
}

export function sourcesCommand(): Command {
  const sources = new Command('sources').description('create, show, list and update sources');

  settingsOptions(withConnectionOptions(sources.command('create <sourceId>')))
    .description('create a source; prints its API key (shown only this once)')
    .option('--json', 'print JSON')
    .action(async (sourceId: string, flags: SourceSettingsFlags, command: Command) => {
      const result = await clientFrom(command).request<{ source: unknown; apiKey: string }>(
        '/v1/admin/sources',
        {
          method: 'POST',
          auth: 'admin',
          body: { sourceId, ...settingsBody(flags) },
        },
      );
      if (flags.json) print(result, { json: true });
      else {
        print(result.source, {});
        process.stdout.write(
          `\nAPI key (store it now; it is not shown again):\n${result.apiKey}\n`,
        );
      }
    });

  withConnectionOptions(sources.command('list'))
    .description('list sources')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }, command: Command) => {
      const list = await clientFrom(command).request<Record<string, unknown>[]>(
        '/v1/admin/sources',
        { auth: 'admin' },
      );
      if (flags.json) print(list, { json: true });
      else
        print(
          list.map((s) => ({
            sourceId: s.sourceId,
            policy: s.policy,
            writeMode: s.writeMode,
            schedule: s.scheduleSeconds,
            key: s.apiKeyPrefix,
          })),
          {},
        );
    });

  withConnectionOptions(sources.command('show <sourceId>'))
    .description('show a source and its settings')
    .option('--json', 'print JSON')
    .action(async (sourceId: string, flags: { json?: boolean }, command: Command) => {
      print(
        await clientFrom(command).request(`/v1/admin/sources/${encodeURIComponent(sourceId)}`, {
          auth: 'admin',
        }),
        flags,
      );
    });

  settingsOptions(withConnectionOptions(sources.command('update <sourceId>')))
    .description('change a source’s settings')
    .option('--json', 'print JSON')
    .action(async (sourceId: string, flags: SourceSettingsFlags, command: Command) => {
      const body = settingsBody(flags);
      if (Object.keys(body).length === 0)
        throw new CliError('nothing to update: pass at least one setting', EXIT.usage);
      const updated = await clientFrom(command).request<{ effects?: string[] }>(
        `/v1/admin/sources/${encodeURIComponent(sourceId)}`,
        { method: 'PATCH', auth: 'admin', body },
      );
      if (flags.json) return print(updated, flags);
      const { effects = [], ...source } = updated;
      print(source, flags);
      for (const effect of effects) process.stderr.write(`note: ${effect}\n`);
    });

  withConnectionOptions(sources.command('rotate-key <sourceId>'))
    .description('issue a new API key; the old one stops working')
    .option('--json', 'print JSON')
    .action(async (sourceId: string, flags: { json?: boolean }, command: Command) => {
      const result = await clientFrom(command).request<{ apiKey: string }>(
        `/v1/admin/sources/${encodeURIComponent(sourceId)}/rotate-key`,
        { method: 'POST', auth: 'admin' },
      );
      if (flags.json) print(result, { json: true });
      else process.stdout.write(`${result.apiKey}\n`);
    });

  return sources;
}
