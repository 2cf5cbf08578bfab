import { Command } from 'commander';
import { resolveServiceConnection } from '../config/cli.config';
import { ControlPlaneClient } from '../http/control-plane-client';
import { print } from '../output/print';

interface DeliveryView {
  channel?: string;
  deliveryKey?: string;
  eventType?: string;
  sourceId?: string;
  status?: string;
  attempts?: unknown[];
  target?: string;
  [key: string]: unknown;
}

export function alertsCommand(): Command {
  return new Command('alerts')
    .description('the alert delivery log: what was sent where, with every attempt')
    .option('--source <sourceId>', 'only alerts of this source')
    .option(
      '--status <status>',
      'PENDING, DELIVERED, RETRYING, DEAD_LETTERED, REFUSED or RECORDED (no channel)',
    )
    .option('--limit <n>', 'how many', '50')
    .option(
      '--notifier-url <url>',
      'notifier URL (default: $TRIBUTARY_NOTIFIER_URL or NOTIFIER_SERVICE_URL in .stack/env)',
    )
    .option('--admin-token <token>', 'admin credential (default: $TRIBUTARY_ADMIN_TOKEN)')
    .option('--json', 'print JSON')
    .action(
      async (flags: {
        source?: string;
        status?: string;
        limit: string;
        notifierUrl?: string;
        adminToken?: string;
        json?: boolean;
      }) => {
        const client = new ControlPlaneClient(
          resolveServiceConnection('notifier', {
            serviceUrl: flags.notifierUrl,
            adminToken: flags.adminToken,
          }),
        );
        const result = await client.request<DeliveryView[] | { items: DeliveryView[] }>(
          '/v1/admin/alerts',
          {
            auth: 'admin',
            query: { sourceId: flags.source, status: flags.status, limit: flags.limit },
          },
        );
        if (flags.json) return print(result, { json: true });
        const items = Array.isArray(result) ? result : result.items;
        print(
          items.map((d) => ({
            channel: d.channel,
            event: d.eventType,
            source: d.sourceId,
            status: d.status,
            attempts: Array.isArray(d.attempts) ? d.attempts.length : d.attempts,
            target: d.target,
          })),
          {},
        );
      },
    );
}
