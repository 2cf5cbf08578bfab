import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { OpenLineageRunEvent } from './openlineage-event';

/** Where lineage goes: an OpenLineage HTTP endpoint (Marquez-compatible) or an NDJSON file. */
export interface LineageSink {
  emit(event: OpenLineageRunEvent): Promise<void>;
}

export class HttpLineageSink implements LineageSink {
  constructor(
    private readonly url: string,
    private readonly timeoutMs = 5_000,
  ) {}

  async emit(event: OpenLineageRunEvent): Promise<void> {
    const response = await fetch(`${this.url.replace(/\/$/, '')}/api/v1/lineage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(event),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!response.ok) throw new Error(`lineage endpoint answered ${response.status}`);
  }
}

export class FileLineageSink implements LineageSink {
  constructor(private readonly path: string) {}

  async emit(event: OpenLineageRunEvent): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    await appendFile(this.path, `${JSON.stringify(event)}\n`);
  }
}

export class NoLineageSink implements LineageSink {
  async emit(): Promise<void> {
    // Lineage not configured.
  }
}

export const LINEAGE_SINK = Symbol('LINEAGE_SINK');
