import type { FieldType, SchemaFields, SourceRecord } from '@tributary/contracts';
import { describeType, ownValue, partitionFieldProblem, typeInfoOf } from '@tributary/domain';

/**
 * When each changed setting of a source takes effect, in words, for the person who changed it:
 * nothing about a setting should have to be discovered later. `active` is the source's ACTIVE
 * schema, if it has one.
 */
export function settingEffects(
  before: SourceRecord,
  after: SourceRecord,
  active: SchemaFields | undefined,
): string[] {
  const out: string[] = [];
  const id = after.sourceId;
  for (const [name, hint] of Object.entries(after.hints)) {
    if (ownValue(before.hints, name) === hint) continue;
    const field = active ? ownValue(active, name) : undefined;
    if (!field) {
      out.push(
        `hint ${name}=${hint} applies from the next file profiled for ${id} that has the field`,
      );
    } else if (describeType(typeInfoOf(field)) === describeType(typeInfoOf({ type: hint }))) {
      out.push(`hint ${name}=${hint}: the ACTIVE schema already types ${name} as ${hint}`);
    } else {
      out.push(
        `hint ${name}=${hint} takes effect with the next file profiled for ${id}: it makes a new ACTIVE schema version retyping ${name} from ${describeType(typeInfoOf(field))} to ${hint} (shown in its diff and drift alert); values that are not ${hint} are quarantined`,
      );
    }
  }
  for (const name of Object.keys(before.hints))
    if (ownValue(after.hints, name) === undefined)
      out.push(
        `hint on ${name} removed: the ACTIVE schema keeps its type; later files evolve it as usual`,
      );
  if (before.policy !== after.policy)
    out.push(`policy ${after.policy} applies to files profiled from now on`);
  const runSettings: string[] = [];
  if (before.writeMode !== after.writeMode) runSettings.push(`write mode ${after.writeMode}`);
  if (before.partitionField !== after.partitionField)
    runSettings.push(`partition field ${after.partitionField ?? '(landing date)'}`);
  if (before.primaryKey.join() !== after.primaryKey.join())
    runSettings.push(`primary key ${after.primaryKey.join(', ') || '(none)'}`);
  if (runSettings.length > 0)
    out.push(
      `${runSettings.join(', ')}: from the next run; partitions published before stay as they are until a backfill rebuilds them`,
    );
  if (
    before.quarantineThreshold !== after.quarantineThreshold ||
    JSON.stringify(before.columnChecks) !== JSON.stringify(after.columnChecks)
  )
    out.push('gate settings apply to runs gated from now on');
  if (before.scheduleSeconds !== after.scheduleSeconds)
    out.push(
      after.scheduleSeconds === null
        ? 'schedule off: runs start only when requested'
        : `schedule every ${after.scheduleSeconds} s: the scheduler applies it at its next tick`,
    );
  return out;
}

/**
 * The partition field's problem against the ACTIVE schema, with the source's hints applied
 * (a hint set in the same change counts), or null. Without an ACTIVE schema it cannot be known yet.
 */
export function partitionFieldIssue(
  source: Pick<SourceRecord, 'partitionField' | 'hints'>,
  active: SchemaFields | undefined,
): string | null {
  if (!source.partitionField || !active) return null;
  const hint: FieldType | undefined = ownValue(source.hints, source.partitionField);
  const field = ownValue(active, source.partitionField);
  const fields =
    field && hint ? { ...active, [source.partitionField]: { ...field, type: hint } } : active;
  return partitionFieldProblem(fields, source.partitionField);
}
