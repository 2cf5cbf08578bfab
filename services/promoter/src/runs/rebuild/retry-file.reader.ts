import { createInterface } from 'node:readline';
import { Inject, Injectable } from '@nestjs/common';
import type { FileRecord, ResubmittedRow } from '@tributary/contracts';
import type { RetryFileRows } from '@tributary/domain';
import { OBJECT_STORE, type ObjectStore } from '@tributary/ports';

/** The rows of a retry file (re-submitted quarantine rows, NDJSON in the raw zone). */
@Injectable()
export class RetryFileReader {
  constructor(@Inject(OBJECT_STORE) private readonly objects: ObjectStore) {}

  async rows(file: FileRecord): Promise<readonly ResubmittedRow[]> {
    const { body } = await this.objects.get(file.key);
    const rows: ResubmittedRow[] = [];
    for await (const line of createInterface({ input: body, crlfDelay: Infinity }))
      if (line.trim() !== '') rows.push(JSON.parse(line) as ResubmittedRow);
    return rows;
  }

  async versions(file: FileRecord): Promise<RetryFileRows> {
    return {
      fileId: file.fileId,
      origins: (await this.rows(file)).map((r) => ({
        fileId: r.origin.fileId,
        rowPosition: r.origin.rowPosition,
        attemptCount: r.origin.attemptCount,
      })),
    };
  }

  /** The uploads a retry file's rows came from (recorded on the file since it has the field). */
  async origins(file: FileRecord): Promise<readonly string[]> {
    if (file.retryOrigins) return file.retryOrigins;
    return [...new Set((await this.rows(file)).map((r) => r.origin.fileId))];
  }
}
