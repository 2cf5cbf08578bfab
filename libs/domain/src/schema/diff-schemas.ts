import type { DriftDiff, DriftFieldRef, DriftTypeChange, SchemaFields } from '@tributary/contracts';
import { joinTypes } from '../inference/type-join';
import { describeType, sameType, typeInfoOf } from '../inference/type-info';
import { type DiffStats, findRenameCandidates } from './rename-candidates';
import { isWidening } from './widening';
import { ownValue } from '../records/own-value';

function byOrdinal(fields: SchemaFields): string[] {
  return Object.keys(fields).sort((a, b) => (fields[a]?.ordinal ?? 0) - (fields[b]?.ordinal ?? 0));
}

function ref(fields: SchemaFields, name: string): DriftFieldRef {
  const field = ownValue(fields, name);
  return { name, type: field === undefined ? 'null' : describeType(typeInfoOf(field)) };
}

/**
 * What a file's schema changes against the ACTIVE one (SPEC §3):
 * - added: fields of the file the active schema lacks (all of them when there is no active schema);
 * - removed: fields of the active schema the file lacks, except those a person marked optional;
 * - typeChanged: fields whose values no longer fit the active type (a field that held only
 *   nulls in the file fits anything), `to` being the join when it is a widening, else the
 *   file's type;
 * - renameCandidates: removed/added pairs of the same type that look alike (see `findRenameCandidates`).
 */
export function diffSchemas(
  active: SchemaFields | undefined,
  observed: SchemaFields,
  stats: DiffStats = {},
): DriftDiff {
  const before = active ?? {};
  const added = byOrdinal(observed).filter((name) => !Object.hasOwn(before, name));
  const removed = byOrdinal(before).filter(
    (name) => !Object.hasOwn(observed, name) && before[name]?.optional !== true,
  );
  const typeChanged: DriftTypeChange[] = [];
  for (const name of byOrdinal(before)) {
    const was = before[name];
    const now = observed[name];
    if (was === undefined || now === undefined || !Object.hasOwn(observed, name)) continue;
    const from = typeInfoOf(was);
    const seen = typeInfoOf(now);
    if (seen.type === 'null') continue;
    const joined = joinTypes(from, seen);
    if (sameType(joined, from)) continue;
    const widening = isWidening(from, joined);
    typeChanged.push({
      name,
      from: describeType(from),
      to: describeType(widening ? joined : seen),
      widening,
    });
  }
  return {
    added: added.map((name) => ref(observed, name)),
    removed: removed.map((name) => ref(before, name)),
    typeChanged,
    renameCandidates: findRenameCandidates(removed, added, before, observed, stats),
  };
}

export function isEmptyDiff(diff: DriftDiff): boolean {
  return diff.added.length === 0 && diff.removed.length === 0 && diff.typeChanged.length === 0;
}
