import { Command } from 'commander';
import { print } from '../output/print';
import { clientFrom, withConnectionOptions } from './connection-options';

const FILE_STATUSES = 'LANDED, PROFILED, DEAD_LETTERED, PROMOTED, QUARANTINED';
const files = (sourceId: string) => `/v1/admin/sources/${encodeURIComponent(sourceId)}/files`;

interface FileView {
  fileId: string;
  fileName: string;
  status: string;
  rowCount: number | null;
  schemaVersion: number | null;
  runId: string | null;
  landedAt: string;
  reason: string | null;
}

export function filesCommand(): Command {
  const command = new Command('files').description('follow uploaded files');
  withConnectionOptions(command.command('status <sourceId> <fileId>'))
    .description(`a file’s lifecycle (${FILE_STATUSES}), with the admin token or the source’s key`)
    .option('--json', 'print JSON')
    .action(async (sourceId: string, fileId: string, flags: { json?: boolean }, cmd: Command) => {
      const client = clientFrom(cmd);
      // The control plane answers the admin; a source's key reads its own files only.
      const admin = Boolean(client.connection.adminToken) && !client.connection.sourceKey;
      const path = admin
        ? `${files(sourceId)}/${encodeURIComponent(fileId)}`
        : `/v1/sources/${encodeURIComponent(sourceId)}/files/${encodeURIComponent(fileId)}`;
      print(await client.request(path, { auth: admin ? 'admin' : 'source' }), flags);
    });
  withConnectionOptions(command.command('list <sourceId>'))
    .description('a source’s files, oldest first, optionally of one status')
    .option('--status <status>', FILE_STATUSES)
    .option('--limit <n>', 'the newest n files', '100')
    .option('--json', 'print JSON')
    .action(
      async (
        sourceId: string,
        flags: { status?: string; limit: string; json?: boolean },
        cmd: Command,
      ) => {
        const list = await clientFrom(cmd).request<FileView[]>(files(sourceId), {
          auth: 'admin',
          query: { status: flags.status, limit: flags.limit },
        });
        if (flags.json) return print(list, flags);
        print(
          list.map((f) => ({
            fileId: f.fileId,
            name: f.fileName,
            status: f.status,
            rows: f.rowCount,
            schema: f.schemaVersion,
            run: f.runId,
            landed: f.landedAt,
            reason: f.reason,
          })),
          {},
        );
      },
    );
  return command;
}
