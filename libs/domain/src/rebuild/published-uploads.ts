import type { PublishedPartition } from '@tributary/contracts';

/**
 * Partition date → the uploads whose rows the table publishes there: the inputs of the runs
 * that wrote the partition's files, a retry file standing for the uploads its rows came from.
 * `rowFiles` adds uploads read from the data itself (a merge carries rows of earlier runs).
 */
export function publishedUploads(
  partitions: readonly PublishedPartition[],
  inputsOfRun: ReadonlyMap<string, readonly string[]>,
  originsOfRetry: ReadonlyMap<string, readonly string[]>,
  rowFiles: ReadonlyMap<string, readonly string[]> = new Map(),
): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const partition of partitions) {
    const uploads = new Set<string>(rowFiles.get(partition.date) ?? []);
    for (const runId of new Set(partition.files.map((f) => f.runId))) {
      for (const fileId of inputsOfRun.get(runId) ?? []) {
        const origins = originsOfRetry.get(fileId);
        if (origins) for (const origin of origins) uploads.add(origin);
        else uploads.add(fileId);
      }
    }
    out.set(partition.date, uploads);
  }
  return out;
}
