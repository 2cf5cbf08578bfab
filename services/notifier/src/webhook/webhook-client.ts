import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { type ResolvedAddress, type TargetPolicy, type WebhookTarget } from './target-policy';

/** Resolves a host name to addresses (the system resolver, or a fixed map in tests). */
export type Resolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));

export interface WebhookRequest {
  readonly url: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The whole attempt (DNS, every redirect hop, the response) is abandoned after this. */
  readonly timeoutMs: number;
}

export type WebhookResult =
  | {
      readonly kind: 'response';
      readonly status: number;
      readonly retryAfterMs: number | null;
      /** The start of an error response's body, for the delivery log. */
      readonly excerpt: string;
    }
  | {
      /** The policy refused the target (or a redirect hop); `contacted` if an earlier hop answered. */
      readonly kind: 'refused';
      readonly reason: string;
      readonly contacted: boolean;
      readonly lastStatus: number | null;
    }
  | {
      readonly kind: 'failed';
      readonly error: string;
      readonly retriable: boolean;
      readonly contacted: boolean;
      readonly lastStatus: number | null;
    };

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const EXCERPT_BYTES = 2048;

type HopResult =
  | {
      readonly kind: 'response';
      readonly status: number;
      readonly location: string | undefined;
      readonly retryAfter: string | undefined;
      readonly excerpt: string;
    }
  | { readonly kind: 'error'; readonly error: Error };

class AttemptTimeoutError extends Error {}

/**
 * POSTs webhook bodies with node:http(s). Every hop (the target and each redirect, at most
 * `maxRedirects`) passes the TargetPolicy on the URL and on the resolved addresses, and the socket
 * connects only to those checked addresses (a pinned `lookup`), so DNS rebinding cannot slip a
 * second, different answer in between. Redirects re-POST the same body; https never downgrades.
 */
export class WebhookClient {
  constructor(
    private readonly policy: TargetPolicy,
    private readonly resolver: Resolver = systemResolver,
    private readonly maxRedirects = 3,
  ) {}

  async send(request: WebhookRequest): Promise<WebhookResult> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new AttemptTimeoutError()), request.timeoutMs);
    let contacted = false;
    let lastStatus: number | null = null;
    const failed = (error: string, retriable: boolean): WebhookResult => ({
      kind: 'failed',
      error,
      retriable,
      contacted,
      lastStatus,
    });
    try {
      let url = request.url;
      for (let hop = 0; ; hop++) {
        const verdict = this.policy.checkUrl(url);
        const via =
          hop === 0
            ? ''
            : `redirect ${hop} to ${verdict.allowed ? verdict.target.display : verdict.display}: `;
        if (!verdict.allowed) {
          return { kind: 'refused', reason: `${via}${verdict.reason}`, contacted, lastStatus };
        }
        const target = verdict.target;
        let addresses: readonly ResolvedAddress[];
        try {
          addresses = target.isIpLiteral
            ? [{ address: target.host, family: isIP(target.host) === 6 ? 6 : 4 }]
            : await abortable(this.resolver(target.host), controller.signal);
        } catch (error) {
          if (controller.signal.aborted) return failed(timeoutMessage(request.timeoutMs), true);
          return failed(`${via}cannot resolve ${target.host}: ${describeError(error)}`, true);
        }
        const checked = this.policy.checkAddresses(target, addresses);
        if (!checked.allowed) {
          return { kind: 'refused', reason: `${via}${checked.reason}`, contacted, lastStatus };
        }
        const result = await this.hop(target, checked.addresses, request, controller.signal);
        if (result.kind === 'error') {
          if (controller.signal.aborted) return failed(timeoutMessage(request.timeoutMs), true);
          contacted = true;
          return failed(`${via}${describeError(result.error)}`, true);
        }
        contacted = true;
        lastStatus = result.status;
        if (REDIRECTS.has(result.status) && result.location) {
          if (hop >= this.maxRedirects)
            return failed(`more than ${this.maxRedirects} redirects`, false);
          let next: URL;
          try {
            next = new URL(result.location, url);
          } catch {
            return failed(`redirect to an invalid location`, false);
          }
          if (target.protocol === 'https:' && next.protocol === 'http:') {
            return {
              kind: 'refused',
              reason: `redirect ${hop + 1} from https to http is refused`,
              contacted,
              lastStatus,
            };
          }
          url = next.href;
          continue;
        }
        return {
          kind: 'response',
          status: result.status,
          retryAfterMs: parseRetryAfter(result.retryAfter, Date.now()),
          excerpt: result.excerpt,
        };
      }
    } finally {
      clearTimeout(timer);
    }
  }

  private hop(
    target: WebhookTarget,
    addresses: readonly ResolvedAddress[],
    request: WebhookRequest,
    signal: AbortSignal,
  ): Promise<HopResult> {
    return new Promise((resolve) => {
      let settled = false;
      const settle = (result: HopResult): void => {
        if (settled) return;
        settled = true;
        resolve(result);
      };
      const body = Buffer.from(request.body, 'utf8');
      const credentials = target.url.username
        ? `${decodeURIComponent(target.url.username)}:${decodeURIComponent(target.url.password)}`
        : undefined;
      const options: https.RequestOptions = {
        protocol: target.protocol,
        hostname: target.host,
        port: target.port,
        path: `${target.url.pathname}${target.url.search}`,
        method: 'POST',
        headers: {
          ...request.headers,
          host: target.url.host,
          'content-length': String(body.length),
        },
        auth: credentials,
        agent: false,
        lookup: pinnedLookup(addresses),
        signal,
        ...(target.protocol === 'https:' && !target.isIpLiteral ? { servername: target.host } : {}),
      };
      const client = target.protocol === 'https:' ? https : http;
      const req = client.request(options, (response) => {
        const status = response.statusCode ?? 0;
        const header = (name: string): string | undefined => {
          const value = response.headers[name];
          return Array.isArray(value) ? value[0] : value;
        };
        const done = (excerpt: string): void => {
          settle({
            kind: 'response',
            status,
            location: header('location'),
            retryAfter: header('retry-after'),
            excerpt,
          });
          response.destroy();
        };
        // A success needs no body; an error's first bytes explain it in the delivery log.
        if (status < 400) return done('');
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= EXCERPT_BYTES) done(Buffer.concat(chunks).toString('utf8', 0, EXCERPT_BYTES));
        });
        response.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
        response.on('error', () => done(Buffer.concat(chunks).toString('utf8')));
        response.on('close', () => done(Buffer.concat(chunks).toString('utf8')));
      });
      req.on('error', (error) => settle({ kind: 'error', error }));
      req.end(body);
    });
  }
}

/** Makes the socket connect only to addresses the policy has already checked. */
function pinnedLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
    const usable =
      family === 4 || family === 6 ? addresses.filter((a) => a.family === family) : addresses;
    const first = usable[0];
    if (!first) {
      const error: NodeJS.ErrnoException = new Error('no permitted address for this family');
      error.code = 'ENOTFOUND';
      callback(error, '', 0);
      return;
    }
    if (options.all) {
      callback(
        null,
        usable.map((a) => ({ address: a.address, family: a.family })),
      );
    } else {
      callback(null, first.address, first.family);
    }
  };
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new AttemptTimeoutError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new AttemptTimeoutError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

function timeoutMessage(ms: number): string {
  return `timed out after ${ms} ms`;
}

function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

/** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}
