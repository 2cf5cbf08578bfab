import { Command } from 'commander';
import { filesCommand } from './commands/files.command';
import { sourcesCommand } from './commands/sources.command';
import { uploadCommand } from './commands/upload.command';

export function buildProgram(): Command {
  return new Command('tributary')
    .description('Tributary: schema-on-read ingestion. Upload files, follow them, manage sources.')
    .version('0.1.0')
    .showHelpAfterError()
    .addCommand(sourcesCommand())
    .addCommand(uploadCommand())
    .addCommand(filesCommand());
}
