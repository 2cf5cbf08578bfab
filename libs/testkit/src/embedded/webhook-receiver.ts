import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '../infra/wait-for';

export interface ReceivedAlert {
  readonly headers: IncomingHttpHeaders;
  /** The JSON webhook body (kind, sourceId, title, summary, details…). */
  readonly body: Record<string, unknown>;
}

export interface WebhookReceiver {
  readonly url: string;
  readonly received: ReceivedAlert[];
  waitFor(predicate: (alert: ReceivedAlert) => boolean, what: string): Promise<ReceivedAlert>;
  close(): Promise<void>;
}

/** A webhook endpoint on 127.0.0.1 that records every alert POSTed to it and answers 204. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedAlert[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        received.push({
          headers: req.headers,
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
        });
      } catch {
        // not JSON: not an alert
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/alerts`,
    received,
    waitFor: (predicate, what) =>
      waitFor(() => received.find(predicate), { what, timeoutMs: 60_000 }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
