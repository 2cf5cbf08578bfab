import type { FieldType, SchemaFields } from '@tributary/contracts';
import { ownValue } from '../records/own-value';

const DATED: readonly FieldType[] = ['date', 'timestamp'];

/**
 * Why a field cannot pick a source's `date=` partition, or null when it can: it must be a date
 * or timestamp field of the schema. A row whose value is missing or not a date still goes under
 * its landing date; a field that never holds dates would put every row there, silently.
 */
export function partitionFieldProblem(fields: SchemaFields, name: string): string | null {
  const field = ownValue(fields, name);
  if (field === undefined) {
    const known = Object.keys(fields).slice(0, 20).join(', ');
    return `field "${name}" is not in the schema (its fields: ${known || 'none'})`;
  }
  if (!DATED.includes(field.type))
    return `field "${name}" is ${field.type}, not a date or timestamp: every row would go under its landing date (pin its type with a hint, e.g. ${name}=date)`;
  return null;
}
