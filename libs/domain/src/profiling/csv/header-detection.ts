import { inferTextType } from '../../inference/infer-value-type';
import { joinTypes } from '../../inference/type-join';
import { NULL_TYPE, type TypeInfo } from '../../inference/type-info';

function isTyped(type: TypeInfo): boolean {
  return type.type !== 'string' && type.type !== 'null';
}

/** Digits first (`00501`, `12/05/2024`, `1,234`): a value, not a column name, even when it is text. */
function looksLikeValue(cell: string | null): boolean {
  return cell !== null && /^[+-]?[0-9]/.test(cell);
}

function cellType(cell: string | null): TypeInfo {
  return cell === null ? NULL_TYPE : inferTextType(cell);
}

/**
 * Whether the first row of a sample is a header:
 * - a first row with a typed cell (number, boolean, date, timestamp) or a cell starting with a
 *   digit (`00501`) is data;
 * - else, if some column's other rows are typed, the first row is a header (text above values);
 * - else (every column text, or no other row): a header when its cells are non-empty and distinct.
 * All-text files without a header are ambiguous; the dialect can be given explicitly.
 */
export function detectHeader(rows: readonly (readonly (string | null)[])[]): boolean {
  const [first, ...data] = rows;
  if (first === undefined) return true;
  if (first.some((cell) => looksLikeValue(cell) || isTyped(cellType(cell)))) return false;
  const columnTypes: TypeInfo[] = first.map(() => NULL_TYPE);
  for (const row of data) {
    row.forEach((cell, column) => {
      if (column < columnTypes.length)
        columnTypes[column] = joinTypes(columnTypes[column] ?? NULL_TYPE, cellType(cell));
    });
  }
  if (columnTypes.some(isTyped)) return true;
  return first.every((cell) => cell !== null) && new Set(first).size === first.length;
}
