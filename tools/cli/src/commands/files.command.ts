import { Command } from 'commander';
import { print } from '../output/print';
import { clientFrom, withConnectionOptions } from './connection-options';

export function filesCommand(): Command {
  const files = new Command('files').description('follow uploaded files');
  withConnectionOptions(files.command('status <sourceId> <fileId>'))
    .description('a file’s lifecycle: LANDED, PROFILED, DEAD_LETTERED, PROMOTED, QUARANTINED')
    .option('--json', 'print JSON')
    .action(
      async (sourceId: string, fileId: string, flags: { json?: boolean }, command: Command) => {
        const client = clientFrom(command);
        const path = `/v1/sources/${encodeURIComponent(sourceId)}/files/${encodeURIComponent(fileId)}`;
        print(await client.request(path, { auth: 'source' }), flags);
      },
    );
  return files;
}
