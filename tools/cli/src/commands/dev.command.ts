import type { EmbeddedFlags, EmbeddedInstance } from '@tributary/embedded';
import { Command } from 'commander';
import { runDemo } from './demo.command';
import {
  cliFor,
  loadRunner,
  startRunner,
  stopRunner,
  untilSignal,
  withEmbeddedOptions,
} from './run-embedded';

function banner(instance: EmbeddedInstance): string {
  const e = instance.endpoints;
  const demo = instance.demoSource;
  const cli = cliFor(instance.dataDir);
  const upload = `curl -X POST '${e.gatewayUrl}/v1/sources/${demo.sourceId}/files?name=hello.csv' -H 'Authorization: Bearer ${demo.apiKey}' -H 'content-type: text/csv' --data-binary $'id,name\\n1,ada\\n'`;
  return [
    `Tributary is running in embedded mode: one process, every byte under ${instance.dataDir}`,
    '',
    `  gateway       ${e.gatewayUrl}   (OpenAPI at ${e.gatewayUrl}/openapi.json)`,
    `  admin token   ${instance.adminToken}`,
    `  demo source   ${demo.sourceId}, API key ${demo.apiKey}`,
    `  quality       ${e.qualityUrl}`,
    `  notifier      ${e.notifierUrl}`,
    `  endpoints     ${instance.endpointsFile} (the tributary CLI reads it)`,
    '',
    'Try it:',
    `  ${upload}`,
    `  ${cli} runs trigger ${demo.sourceId} --wait`,
    `  ${cli} query 'SELECT * FROM ${demo.sourceId}'`,
    `  ${cli} demo        # a real dataset end to end, drift included`,
    `  ${cli} alerts      # every drift, dead letter and rejected run, recorded`,
    '',
    'Alerts are recorded without a channel; to have them sent, start with --webhook-url <url>',
    `or give a source a webhook: ${cli} sources update <source> --settings '{"channels":[{"kind":"webhook","name":"ops","url":"https://…"}]}'`,
    '',
    'Ctrl-C stops it; the data stays for the next start.',
    '',
  ].join('\n');
}

interface DevFlags extends EmbeddedFlags {
  readonly demo?: boolean;
}

export function devCommand(): Command {
  return withEmbeddedOptions(new Command('dev'), '$GATEWAY_PORT or 7070')
    .description(
      'run Tributary on this machine in one process (embedded mode): the five services over one data folder, no servers to install; Ctrl-C stops it',
    )
    .option('--demo', 'once started, load the demo dataset (see `tributary demo`) and keep running')
    .action(async (flags: DevFlags) => {
      const { runner, config } = await loadRunner(flags);
      const stopped = untilSignal(config.shutdownTimeoutMs);
      const instance = await startRunner(runner, config);
      process.stdout.write(banner(instance));
      // The demo runs beside the services; Ctrl-C stops it before its next request, then them.
      const abort = new AbortController();
      let demo: Promise<void> = Promise.resolve();
      if (flags.demo) {
        const target = {
          gatewayUrl: instance.endpoints.gatewayUrl,
          adminToken: instance.adminToken,
          dataDir: instance.dataDir,
        };
        demo = runDemo(target, { startedAt: Date.now(), signal: abort.signal }).catch(
          (error: unknown) => {
            if (abort.signal.aborted) return;
            process.stderr.write(
              `tributary dev: the demo failed: ${error instanceof Error ? error.message : String(error)}\n`,
            );
          },
        );
      }
      const signal = await stopped;
      abort.abort();
      await demo;
      await stopRunner(instance, `${signal} received`);
    });
}
