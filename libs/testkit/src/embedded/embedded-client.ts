import { join } from 'node:path';
import { waitFor } from '../infra/wait-for';
import { repoRoot } from '../stack/repo-root';

export interface HttpResult<T> {
  readonly status: number;
  readonly body: T;
}

const FINAL_RUN_STATUSES = ['PROMOTED', 'REJECTED', 'FAILED'];

/** The HTTP API of a running Tributary (the gateway's upload API and control plane). */
export class EmbeddedClient {
  constructor(
    readonly gatewayUrl: string,
    readonly adminToken: string,
  ) {}

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    token: string | undefined,
    body?: string | Buffer | object,
    contentType?: string,
  ): Promise<HttpResult<T>> {
    const raw = typeof body === 'string' || Buffer.isBuffer(body);
    const response = await fetch(`${this.gatewayUrl}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined
          ? {}
          : { 'content-type': contentType ?? (raw ? 'text/csv' : 'application/json') }),
      },
      body:
        body === undefined
          ? undefined
          : raw
            ? typeof body === 'string'
              ? body
              : new Uint8Array(body)
            : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: response.status, body: parsed as T };
  }

  admin<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: object,
  ): Promise<HttpResult<T>> {
    return this.request<T>(method, path, this.adminToken, body);
  }

  /** Creates a source through the control plane; answers its API key. */
  async createSource(sourceId: string, settings: Record<string, unknown> = {}): Promise<string> {
    const { status, body } = await this.admin<{ apiKey: string }>('POST', '/v1/admin/sources', {
      sourceId,
      ...settings,
    });
    if (status !== 201) throw new Error(`create ${sourceId}: ${status} ${JSON.stringify(body)}`);
    return body.apiKey;
  }

  async upload(
    sourceId: string,
    apiKey: string,
    name: string,
    body: string | Buffer,
    contentType = 'text/csv',
  ): Promise<HttpResult<Record<string, unknown>>> {
    return this.request(
      'POST',
      `/v1/sources/${sourceId}/files?name=${encodeURIComponent(name)}`,
      apiKey,
      body,
      contentType,
    );
  }

  async waitForFileStatus(
    sourceId: string,
    fileId: string,
    statuses: readonly string[],
    timeoutMs = 60_000,
  ): Promise<Record<string, unknown>> {
    return waitFor(
      async () => {
        const { body } = await this.admin('GET', `/v1/admin/sources/${sourceId}/files/${fileId}`);
        return statuses.includes(String(body.status)) ? body : undefined;
      },
      { what: `file ${fileId} to be ${statuses.join('|')}`, timeoutMs },
    );
  }

  /** Uploads files in order and waits until each one is profiled. */
  async uploadProfiled(
    sourceId: string,
    apiKey: string,
    files: Record<string, string>,
  ): Promise<string[]> {
    const ids: string[] = [];
    for (const [name, body] of Object.entries(files)) {
      const upload = await this.upload(sourceId, apiKey, name, body);
      if (upload.status !== 202) throw new Error(`upload ${name}: ${upload.status}`);
      ids.push(String(upload.body.fileId));
    }
    for (const id of ids) await this.waitForFileStatus(sourceId, id, ['PROFILED']);
    return ids;
  }

  /** Waits until a run ended (PROMOTED, REJECTED or FAILED); answers the run. */
  async waitForRun(
    sourceId: string,
    runId: string,
    timeoutMs = 120_000,
  ): Promise<Record<string, unknown>> {
    return waitFor(
      async () => {
        const { status, body } = await this.admin(
          'GET',
          `/v1/admin/sources/${sourceId}/runs/${runId}`,
        );
        return status === 200 && FINAL_RUN_STATUSES.includes(String(body.status))
          ? body
          : undefined;
      },
      { what: `run ${runId} to end`, timeoutMs, intervalMs: 250 },
    );
  }

  /** Requests a run and waits for its end. */
  async runToEnd(sourceId: string): Promise<Record<string, unknown>> {
    const { status, body } = await this.admin<{ runId: string }>(
      'POST',
      `/v1/admin/sources/${sourceId}/runs`,
    );
    if (status !== 202) throw new Error(`trigger ${sourceId}: ${status} ${JSON.stringify(body)}`);
    return this.waitForRun(sourceId, body.runId);
  }
}

/**
 * The environment of a `tributary` command pointed at an embedded data folder only: no local
 * stack file, no bucket, just TRIBUTARY_DATA_DIR (the CLI reads the endpoints file there).
 */
export function embeddedCliEnv(
  dataDir: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    TRIBUTARY_STACK_ENV: join(repoRoot(), '.stack', 'no-such-env'),
    TRIBUTARY_DATA_DIR: dataDir,
    ...extra,
  };
}
