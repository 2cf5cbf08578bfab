import { Inject, Injectable } from '@nestjs/common';
import type { FileRecord } from '@tributary/contracts';
import { SchemaVersionRepository } from '@tributary/metadata';
import { type FileStatusView, toFileStatusView } from './file-status.view';

/** A file's status with the current status of the schema version it was profiled against. */
@Injectable()
export class FileStatusReader {
  constructor(
    @Inject(SchemaVersionRepository) private readonly versions: SchemaVersionRepository,
  ) {}

  async view(file: FileRecord): Promise<FileStatusView> {
    const version =
      file.schemaVersion === null
        ? undefined
        : await this.versions.getByNumber(file.sourceId, file.schemaVersion);
    return toFileStatusView(file, version?.record.status ?? null);
  }
}
