import { Inject, Injectable } from '@nestjs/common';
import { type LatestPointer, latestPointerKey } from '@tributary/contracts';
import { NotFoundError, OBJECT_STORE, type ObjectStore } from '@tributary/ports';

/** The source's published table state (`_LATEST.json`), as the promoter plans and merges against. */
@Injectable()
export class PublishedPointerReader {
  constructor(@Inject(OBJECT_STORE) private readonly objects: ObjectStore) {}

  async read(sourceId: string): Promise<LatestPointer | undefined> {
    try {
      return JSON.parse(
        (await this.objects.getBytes(latestPointerKey(sourceId))).bytes.toString('utf8'),
      ) as LatestPointer;
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }
}
