import type { Command } from 'commander';
import { type ConnectionFlags, resolveConnection } from '../config/cli.config';
import { ControlPlaneClient } from '../http/control-plane-client';

/** --url, --admin-token and --key on every command that talks to the control plane. */
export function withConnectionOptions(command: Command): Command {
  return command
    .option(
      '--url <url>',
      'gateway URL (default: $TRIBUTARY_URL, or GATEWAY_URL in .stack/env or a compose .env here)',
    )
    .option('--admin-token <token>', 'control-plane credential (default: $TRIBUTARY_ADMIN_TOKEN)')
    .option(
      '--key <key>',
      'source API key for uploads and file status (default: $TRIBUTARY_SOURCE_KEY)',
    );
}

export function clientFrom(command: Command): ControlPlaneClient {
  return new ControlPlaneClient(resolveConnection(command.optsWithGlobals<ConnectionFlags>()));
}
