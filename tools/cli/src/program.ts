import { Command } from 'commander';
import { alertsCommand } from './commands/alerts.command';
import { demoCommand } from './commands/demo.command';
import { devCommand } from './commands/dev.command';
import { filesCommand } from './commands/files.command';
import { withPointerCommands } from './commands/pointer.command';
import { quarantineCommand } from './commands/quarantine.command';
import { queryCommand } from './commands/query.command';
import { retentionCommand } from './commands/retention.command';
import {
  backfillCommand,
  pipelineCommands,
  replayCommand,
  runsCommand,
} from './commands/runs.command';
import { schemasCommand } from './commands/schemas.command';
import { sourcesCommand } from './commands/sources.command';
import { uploadCommand } from './commands/upload.command';

export function buildProgram(): Command {
  const program = new Command('tributary')
    .description('Tributary: schema-on-read ingestion. Upload files, follow them, manage sources.')
    .version('0.1.0')
    .showHelpAfterError()
    .addCommand(sourcesCommand())
    .addCommand(uploadCommand())
    .addCommand(filesCommand())
    .addCommand(schemasCommand())
    .addCommand(withPointerCommands(runsCommand()))
    .addCommand(backfillCommand())
    .addCommand(replayCommand())
    .addCommand(alertsCommand())
    .addCommand(quarantineCommand())
    .addCommand(retentionCommand())
    .addCommand(queryCommand())
    .addCommand(devCommand())
    .addCommand(demoCommand());
  for (const command of pipelineCommands()) program.addCommand(command);
  markRequiredOptions(program);
  return program;
}

/** Commander's help does not tell a required option from an optional one: say it. */
function markRequiredOptions(command: Command): void {
  for (const option of command.options)
    if (option.mandatory && !option.description.endsWith('(required)'))
      option.description = `${option.description} (required)`;
  for (const sub of command.commands) markRequiredOptions(sub);
}
