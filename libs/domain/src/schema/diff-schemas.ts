import type {
  DriftDiff,
  DriftFieldRef,
  DriftTypeChange,
  FieldType,
  SchemaFields,
} from '@tributary/contracts';
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
 *   file's type; and hinted fields whose active type is not their hint (a person retyped them:
 *   `to` is the hint, whatever the file's values);
 * - renameCandidates: removed/added pairs of the same type that look alike (see `findRenameCandidates`).
 */
export function diffSchemas(
  active: SchemaFields | undefined,
  observed: SchemaFields,
  stats: DiffStats = {},
  hints: Readonly<Record<string, FieldType>> = {},
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
    const hint = ownValue(hints, name);
    if (hint !== undefined) {
      const to = typeInfoOf({ type: hint });
      if (!sameType(from, to))
        typeChanged.push({
          name,
          from: describeType(from),
          to: describeType(to),
          widening: isWidening(from, to),
        });
      continue;
    }
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

/**
 * What changed between two stored versions of a source: as `diffSchemas`, but every type
 * difference counts (a later version may narrow a type, by a hint), and a field the later
 * version marks optional (an accepted removal) is a removal.
 */
export function diffVersions(
  from: SchemaFields,
  to: SchemaFields,
  stats: DiffStats = {},
): DriftDiff {
  const diff = diffSchemas(from, to, stats);
  const retyped = new Set(diff.typeChanged.map((c) => c.name));
  const typeChanged = [...diff.typeChanged];
  const nowOptional: DriftFieldRef[] = [];
  for (const name of byOrdinal(from)) {
    const was = from[name];
    const now = ownValue(to, name);
    if (was === undefined || now === undefined) continue;
    if (now.optional === true && was.optional !== true) nowOptional.push(ref(from, name));
    const before = typeInfoOf(was);
    const after = typeInfoOf(now);
    if (retyped.has(name) || sameType(before, after)) continue;
    typeChanged.push({
      name,
      from: describeType(before),
      to: describeType(after),
      widening: isWidening(before, after),
    });
  }
  return { ...diff, typeChanged, removed: [...diff.removed, ...nowOptional] };
}
