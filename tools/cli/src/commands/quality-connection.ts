import type { Command } from 'commander';
import { resolveServiceConnection } from '../config/cli.config';
import { ControlPlaneClient } from '../http/control-plane-client';

interface QualityFlags {
  readonly qualityUrl?: string;
  readonly adminToken?: string;
}

/** --quality-url and --admin-token on every command that talks to the quality service. */
export function withQualityOptions(command: Command): Command {
  return command
    .option(
      '--quality-url <url>',
      'quality service URL (default: $TRIBUTARY_QUALITY_URL or QUALITY_SERVICE_URL in .stack/env)',
    )
    .option('--admin-token <token>', 'admin credential (default: $TRIBUTARY_ADMIN_TOKEN)');
}

export function qualityClientFrom(command: Command): ControlPlaneClient {
  const flags = command.optsWithGlobals<QualityFlags>();
  return new ControlPlaneClient(
    resolveServiceConnection('quality', {
      serviceUrl: flags.qualityUrl,
      adminToken: flags.adminToken,
    }),
  );
}

export const sourcePath = (sourceId: string): string =>
  `/v1/admin/sources/${encodeURIComponent(sourceId)}`;
