import type { SchemaVersionRecord } from '@tributary/contracts';
import { resolveCommandHint } from '@tributary/domain';
import type { VersionOutcome } from './record-schema-version';

/** What a drift blocks, in words a person acting on the alert can use. */
export function describeBlocked(
  sourceId: string,
  version: SchemaVersionRecord,
  discards: readonly string[],
): string {
  if (version.status === 'BREAKING') {
    return `promotion of source ${sourceId} is blocked until schema version ${version.version} is resolved (accept it as ACTIVE, or deprecate version ${version.previousVersion ?? '-'}): ${resolveCommandHint(sourceId, version.version)}`;
  }
  if (discards.length > 0)
    return `nothing is blocked; under the source's policy: ${discards.join('; ')}`;
  return `nothing is blocked; version ${version.version} is ACTIVE`;
}

export function driftStatus(outcome: VersionOutcome): string {
  return outcome.created ? outcome.version.status : 'DISCARDED';
}
