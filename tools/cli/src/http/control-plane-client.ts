import { CliError, EXIT } from '../exit-codes';
import type { CliConnection } from '../config/cli.config';

export interface RequestOptions {
  readonly method?: string;
  readonly body?: unknown;
  readonly raw?: { readonly body: RequestBody; readonly headers: Record<string, string> };
  readonly auth: 'admin' | 'source';
  readonly query?: Record<string, string | undefined>;
}

type RequestBody = NonNullable<RequestInit['body']>;

interface Problem {
  title?: string;
  detail?: string;
  status?: number;
}

function exitCodeFor(status: number): number {
  if (status === 401 || status === 403) return EXIT.unauthorized;
  if (status === 404) return EXIT.notFound;
  if (status === 409) return EXIT.conflict;
  if (status >= 500) return EXIT.unavailable;
  return EXIT.rejected;
}

/** Talks to the control plane (and the upload API) over HTTP; problem bodies become CliErrors. */
export class ControlPlaneClient {
  constructor(readonly connection: CliConnection) {}

  async request<T>(path: string, options: RequestOptions): Promise<T> {
    const token = options.auth === 'admin' ? this.connection.adminToken : this.connection.sourceKey;
    if (!token) {
      throw new CliError(
        options.auth === 'admin'
          ? 'no admin token: pass --admin-token or set TRIBUTARY_ADMIN_TOKEN'
          : 'no source key: pass --key or set TRIBUTARY_SOURCE_KEY',
        EXIT.usage,
      );
    }
    const url = new URL(`${this.connection.gatewayUrl}${path}`);
    for (const [k, v] of Object.entries(options.query ?? {}))
      if (v !== undefined) url.searchParams.set(k, v);
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      ...(options.raw?.headers ?? {}),
    };
    let body: RequestBody | undefined = options.raw?.body;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    let response: Response;
    try {
      response = await fetch(url, {
        method: options.method ?? 'GET',
        headers,
        body,
        duplex: 'half',
      });
    } catch (error) {
      const hint = this.connection.unreachableHint;
      throw new CliError(
        hint
          ? `${hint} (cannot reach ${this.connection.gatewayUrl}: ${(error as Error).message})`
          : `cannot reach ${this.connection.gatewayUrl}: ${(error as Error).message}`,
        EXIT.unavailable,
      );
    }
    const text = await response.text();
    const parsed: unknown = text ? safeJson(text) : undefined;
    if (!response.ok) {
      const problem = (parsed ?? {}) as Problem;
      throw new CliError(
        `${response.status} ${problem.title ?? response.statusText}${problem.detail ? `: ${problem.detail}` : ''}`,
        exitCodeFor(response.status),
        parsed,
      );
    }
    return parsed as T;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
