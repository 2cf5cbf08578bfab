import { joinTypes } from '../inference/type-join';
import { type TypeInfo, sameType } from '../inference/type-info';

/**
 * Whether changing a field from `from` to `to` is a widening: `to` holds every value of `from`
 * (their join is `to`) without falling back to text. Widenings: null → anything,
 * integer → bigint → double → decimal, a decimal growing its digits or scale, date → timestamp,
 * an array whose element type widens. Anything → string is not a widening.
 */
export function isWidening(from: TypeInfo, to: TypeInfo): boolean {
  if (sameType(from, to)) return false;
  if (from.type === 'null') return true;
  if (!sameType(joinTypes(from, to), to) || to.type === 'string') return false;
  if (to.type === 'array' && to.items === 'string')
    return from.items === 'string' || from.items === 'null';
  return true;
}
