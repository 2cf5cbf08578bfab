import { buildEvent, type FileRecord, TOPIC } from '@tributary/contracts';
import type { EventBus } from '@tributary/platform';

/** Publishes `file-landed` for a ledger record (an upload, a sweep, a re-submission). */
export async function publishFileLanded(
  events: EventBus,
  file: FileRecord,
  options: { redelivery: boolean; now?: Date },
): Promise<void> {
  await events.publish(
    TOPIC.fileLanded,
    buildEvent(
      TOPIC.fileLanded,
      { sourceId: file.sourceId, traceparent: file.traceparent || undefined, now: options.now },
      {
        fileId: file.fileId,
        key: file.key,
        fileName: file.fileName,
        contentType: file.contentType,
        contentEncoding: file.contentEncoding,
        bytes: file.bytes,
        sha256: file.sha256,
        landingDate: file.landingDate,
        redelivery: options.redelivery,
      },
    ),
  );
}
