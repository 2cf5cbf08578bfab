import { createReadStream, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { Readable } from 'node:stream';
import { Command } from 'commander';
import { CliError, EXIT } from '../exit-codes';
import { print } from '../output/print';
import { clientFrom, withConnectionOptions } from './connection-options';

const TYPES_BY_EXTENSION: Record<string, string> = {
  '.csv': 'text/csv',
  '.tsv': 'text/tab-separated-values',
  '.tab': 'text/tab-separated-values',
  '.json': 'application/json',
  '.ndjson': 'application/x-ndjson',
  '.jsonl': 'application/x-ndjson',
};

export function contentTypeFor(path: string): string | undefined {
  const name = path.endsWith('.gz') ? path.slice(0, -3) : path;
  return TYPES_BY_EXTENSION[extname(name).toLowerCase()];
}

export function uploadCommand(): Command {
  return withConnectionOptions(new Command('upload'))
    .argument('<sourceId>', 'the source the file belongs to')
    .argument('<file>', 'CSV, TSV, JSON or NDJSON file (optionally .gz)')
    .description('upload a file with the source key (streams it; prints fileId, sha256, duplicate)')
    .option('--name <name>', 'file name to record (default: the file’s base name)')
    .option('--type <contentType>', 'Content-Type (default: from the extension)')
    .option('--idempotency-key <key>', 'makes retries of this upload safe')
    .option('--progress', 'print upload progress on stderr (default when stderr is a terminal)')
    .option('--json', 'print JSON')
    .action(
      async (
        sourceId: string,
        file: string,
        flags: {
          name?: string;
          type?: string;
          idempotencyKey?: string;
          progress?: boolean;
          json?: boolean;
        },
        command: Command,
      ) => {
        let size: number;
        try {
          size = statSync(file).size;
        } catch {
          throw new CliError(`cannot read ${file}`, EXIT.usage);
        }
        const contentType = flags.type ?? contentTypeFor(file);
        if (!contentType)
          throw new CliError(`cannot tell the type of ${file}: pass --type`, EXIT.usage);
        const name = flags.name ?? basename(file).replace(/\.gz$/, '');
        const headers: Record<string, string> = {
          'content-type': contentType,
          'content-length': String(size),
        };
        if (file.endsWith('.gz')) headers['content-encoding'] = 'gzip';
        if (flags.idempotencyKey) headers['idempotency-key'] = flags.idempotencyKey;
        const stream = createReadStream(file);
        if (flags.progress ?? process.stderr.isTTY) reportProgress(stream, size, name);
        const body = Readable.toWeb(stream) as unknown as NonNullable<RequestInit['body']>;
        const result = await clientFrom(command).request(
          `/v1/sources/${encodeURIComponent(sourceId)}/files`,
          {
            method: 'POST',
            auth: 'source',
            query: { name },
            raw: { body, headers },
          },
        );
        print(result, flags);
      },
    );
}

/** Prints bytes sent every second, and once at the end. */
function reportProgress(stream: NodeJS.ReadableStream, size: number, name: string): void {
  let sent = 0;
  let last = 0;
  stream.on('data', (chunk: Buffer | string) => {
    sent += chunk.length;
    const now = Date.now();
    if (now - last < 1000 && sent < size) return;
    last = now;
    const percent = size === 0 ? 100 : Math.floor((sent / size) * 100);
    process.stderr.write(
      `upload ${name}: ${(sent / 1048576).toFixed(1)} / ${(size / 1048576).toFixed(1)} MiB (${percent}%)\n`,
    );
  });
}
