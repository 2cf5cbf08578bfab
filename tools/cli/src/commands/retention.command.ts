import { Command } from 'commander';
import { print } from '../output/print';
import { qualityClientFrom, sourcePath, withQualityOptions } from './quality-connection';

interface RetentionView {
  dryRun: boolean;
  runs: { runId: string; status: string | null; bytes: number; objects: { key: string }[] }[];
  deletedObjects: number;
  bytes: number;
  kept: { runId: string; reason: string }[];
}

export function retentionCommand(): Command {
  return withQualityOptions(new Command('retention'))
    .argument('<sourceId>')
    .description(
      'delete the runs under curated/ that no published state (current or kept for rollback) references',
    )
    .option('--dry-run', 'only list what would be deleted')
    .option('--json', 'print JSON')
    .action(
      async (sourceId: string, flags: { dryRun?: boolean; json?: boolean }, command: Command) => {
        const result = await qualityClientFrom(command).request<RetentionView>(
          `${sourcePath(sourceId)}/retention`,
          { method: 'POST', auth: 'admin', body: { dryRun: flags.dryRun === true } },
        );
        if (flags.json) return print(result, { json: true });
        print(
          result.runs.map((r) => ({
            runId: r.runId,
            status: r.status,
            objects: r.objects.length,
            bytes: r.bytes,
            action: result.dryRun ? 'would delete' : 'deleted',
          })),
          {},
        );
        process.stdout.write(
          `${result.dryRun ? 'dry run: nothing deleted' : `${result.deletedObjects} objects deleted`}; ${result.kept.length} runs kept\n`,
        );
      },
    );
}
