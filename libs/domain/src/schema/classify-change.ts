import type {
  Compatibility,
  DriftDiff,
  DriftTypeChange,
  EvolutionPolicy,
  FieldType,
  SchemaFields,
  SchemaStatus,
} from '@tributary/contracts';
import { describeType, typeInfoOf, typeWithArticle } from '../inference/type-info';
import { ownValue } from '../records/own-value';
import { isEmptyDiff } from './diff-schemas';
import { hintedFields, unionFields } from './union-fields';

export interface ChangeClassification {
  /** Whether a new schema version is to be written. */
  readonly changed: boolean;
  readonly status: SchemaStatus;
  readonly compatibility: Compatibility;
  /** The fields of the new version (the active ones when nothing changes). */
  readonly nextFields: SchemaFields;
  /** Why the new version is BREAKING, in words; empty otherwise. */
  readonly breakingReasons: readonly string[];
  /** discard_row / discard_value: what promotion will quarantine or discard instead, in words. */
  readonly discards: readonly string[];
}

export interface ClassifyOptions {
  /** The source's schema hints: hinted fields keep their hinted type. */
  readonly hints?: Readonly<Record<string, FieldType>>;
}

/** Fields of the active schema that never held nulls and now do (or are missing from some records). */
export function relaxedNullability(active: SchemaFields, observed: SchemaFields): string[] {
  return Object.keys(active).filter((name) => {
    const was = active[name];
    const now = Object.hasOwn(observed, name) ? observed[name] : undefined;
    return was !== undefined && now !== undefined && !was.nullable && !was.optional && now.nullable;
  });
}

/**
 * Compatibility of the union with the active schema: FULL when nothing changes; BACKWARD when
 * the new version only adds fields (always nullable in the union), widens types or accepts
 * nulls (it reads old data); FORWARD when it only loses fields that were nullable (old readers
 * read the new data as nulls); NONE otherwise.
 */
export function compatibilityOf(
  active: SchemaFields,
  diff: DriftDiff,
  relaxed: readonly string[],
): Compatibility {
  if (isEmptyDiff(diff) && relaxed.length === 0) return 'FULL';
  const allWidenings = diff.typeChanged.every((change) => change.widening);
  if (diff.removed.length === 0 && allWidenings) return 'BACKWARD';
  const onlyNullableRemovals =
    diff.added.length === 0 &&
    diff.typeChanged.length === 0 &&
    relaxed.length === 0 &&
    diff.removed.every((field) => active[field.name]?.nullable === true);
  return onlyNullableRemovals ? 'FORWARD' : 'NONE';
}

const noChange: DriftDiff = { added: [], removed: [], typeChanged: [], renameCandidates: [] };

/** A retype to the field's hint: a person's decision, not drift of the data. */
function hinted(change: DriftTypeChange, hints: Readonly<Record<string, FieldType>>): boolean {
  const hint = ownValue(hints, change.name);
  return hint !== undefined && change.to === describeType(typeInfoOf({ type: hint }));
}

function incompatibilities(
  diff: DriftDiff,
  hints: Readonly<Record<string, FieldType>> = {},
): string[] {
  return [
    ...diff.removed.map(
      (field) => `field "${field.name}" (${field.type}) is missing from the file`,
    ),
    ...diff.typeChanged
      .filter((change) => !change.widening && !hinted(change, hints))
      .map(
        (change) =>
          `field "${change.name}" changed from ${change.from} to ${change.to}, which is not a widening`,
      ),
  ];
}

function everyChange(diff: DriftDiff, relaxed: readonly string[]): string[] {
  return [
    ...diff.added.map((field) => `field "${field.name}" (${field.type}) was added`),
    ...diff.typeChanged
      .filter((change) => change.widening)
      .map((change) => `field "${change.name}" widened from ${change.from} to ${change.to}`),
    ...relaxed.map((name) => `field "${name}" now holds nulls`),
    ...incompatibilities(diff),
  ];
}

function discards(
  policy: 'discard_row' | 'discard_value',
  diff: DriftDiff,
  relaxed: readonly string[],
): string[] {
  if (policy === 'discard_row') {
    return [
      ...diff.added.map(
        (field) => `rows with field "${field.name}", which is not in the schema, are quarantined`,
      ),
      ...diff.removed.map((field) => `rows missing field "${field.name}" are quarantined`),
      ...diff.typeChanged.map(
        (change) =>
          `rows whose "${change.name}" is not ${typeWithArticle(change.from)} are quarantined`,
      ),
      ...relaxed.map((name) => `rows where "${name}" is null are quarantined`),
    ];
  }
  return [
    ...diff.added.map(
      (field) => `values of field "${field.name}", which is not in the schema, are discarded`,
    ),
    ...diff.removed.map((field) => `field "${field.name}" is missing: it is read as null`),
    ...diff.typeChanged.map(
      (change) =>
        `values of "${change.name}" that are not ${typeWithArticle(change.from)} are set to null`,
    ),
    ...relaxed.map((name) => `nulls of "${name}" are kept and reported`),
  ];
}

/**
 * What a file's schema drift does under the source's evolution policy (SPEC §3):
 * - evolve: additions, widenings and new nulls make an ACTIVE version; a removal or a type
 *   change that is not a widening makes it BREAKING;
 * - freeze: any change makes a BREAKING version;
 * - discard_row / discard_value: the schema stays (`changed` false); `discards` says which rows
 *   will be quarantined or which values discarded.
 * The first file of a source (no active schema) makes the first ACTIVE version under any policy.
 */
export function classifyChange(
  active: SchemaFields | undefined,
  observed: SchemaFields,
  diff: DriftDiff,
  policy: EvolutionPolicy,
  options: ClassifyOptions = {},
): ChangeClassification {
  if (active === undefined) {
    return {
      changed: true,
      status: 'ACTIVE',
      compatibility: 'FULL',
      nextFields: hintedFields(observed, options.hints),
      breakingReasons: [],
      discards: [],
    };
  }
  const relaxed = relaxedNullability(active, observed);
  const compatibility = compatibilityOf(active, diff, relaxed);
  const changed = !isEmptyDiff(diff) || relaxed.length > 0;
  if (!changed) {
    return {
      changed,
      status: 'ACTIVE',
      compatibility,
      nextFields: active,
      breakingReasons: [],
      discards: [],
    };
  }
  switch (policy) {
    case 'evolve':
    case 'freeze': {
      const breakingReasons =
        policy === 'evolve' ? incompatibilities(diff, options.hints) : everyChange(diff, relaxed);
      return {
        changed,
        status: breakingReasons.length > 0 ? 'BREAKING' : 'ACTIVE',
        compatibility,
        nextFields: unionFields(active, observed, diff, options.hints),
        breakingReasons,
        discards: [],
      };
    }
    case 'discard_row':
    case 'discard_value': {
      // The schema stays, except where a person retyped a field by a hint.
      const hints = options.hints ?? {};
      const retyped = diff.typeChanged.filter((change) => hinted(change, hints));
      const drift = { ...diff, typeChanged: diff.typeChanged.filter((c) => !hinted(c, hints)) };
      return {
        changed: retyped.length > 0,
        status: 'ACTIVE',
        compatibility,
        nextFields: retyped.length > 0 ? unionFields(active, active, noChange, hints) : active,
        breakingReasons: [],
        discards: discards(policy, drift, relaxed),
      };
    }
  }
}
