/**
 * The textual type rules, as data, so another engine (DuckDB SQL, Spark) can apply exactly the
 * same rules. A text is tested in this order; the first rule that accepts it wins:
 *
 * 1. null: an empty CSV cell or a JSON null (decided by the reader, not by a pattern).
 * 2. boolean: `true` / `false`, case-insensitive; nothing else (no `yes`, `1`, `t`).
 * 3. integer: optional sign, digits, no leading zero (`0` itself is fine; `007` stays a string,
 *    like zip codes and identifiers). Its range decides the type: int32 → `integer`,
 *    int64 → `bigint`, at most 38 digits → `decimal(digits, 0)`, longer → `string`.
 * 4. number with a fraction and/or an exponent (same integer part rules; `.5`, `5.` and `01.5`
 *    are strings). At most 15 significant digits (leading zeros excluded, trailing zeros
 *    included) and a finite, non-underflowing double → `double`; more significant digits and a
 *    precision of at most 38 → `decimal(precision, scale)`; else `string`.
 * 5. date: `YYYY-MM-DD`, a valid calendar date, year 0001–9999.
 * 6. timestamp: `YYYY-MM-DD[T ]HH:MM[:SS[.fraction]][Z|±HH:MM]`, valid date, hour 00–23,
 *    minute and second 00–59, 1–9 fraction digits, offset hours 00–23.
 * 7. anything else: `string`. Texts are not trimmed: ` 42` is a string.
 *
 * Precision and scale of a number, once the exponent is applied: scale = digits after the
 * decimal point (never negative); integer digits = digits before it without leading zeros, at
 * least 1 (`0.25` has 1); precision = integer digits + scale. `1.50` is (3,2), `1.5e3` (4,0).
 * Values of a field join into the smallest shape holding all of them (see `joinTypes`).
 *
 * JSON values: booleans and numbers have their JSON type (a number's source text goes through
 * rules 3–4: `1.0` is a double); JSON strings only go through rules 5–6 (a string that looks
 * like a date is a date, a string that looks like a number stays a string, since the producer
 * chose to quote it); objects are `object` with their fields as dotted paths; arrays are `array`.
 */
export const TEXT_TYPE_PATTERNS = {
  boolean: /^(?:true|false)$/i,
  integer: /^[+-]?(?:0|[1-9][0-9]*)$/,
  number: /^[+-]?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/,
  date: /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/,
  timestamp:
    /^([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,9}))?)?(Z|[+-][0-9]{2}:[0-9]{2})?$/,
} as const;

/** Numeric limits of the rules above. */
export const NUMERIC_LIMITS = {
  int32Min: -2147483648n,
  int32Max: 2147483647n,
  int64Min: -9223372036854775808n,
  int64Max: 9223372036854775807n,
  maxDecimalPrecision: 38,
  maxDoubleSignificantDigits: 15,
} as const;

/**
 * Integer digits and scale assumed for a numeric type whose values' digits are unknown (a schema
 * field) when it is joined with a decimal, as DuckDB joins INTEGER with DECIMAL(p,s) into
 * DECIMAL(max(p-s,10)+s, s). A double is given a bigint's width: DuckDB would fall back to
 * DOUBLE, which loses the decimal's digits, and the widths must not shrink along
 * integer ⊂ bigint ⊂ double for the join to stay associative. A decimal written without
 * precision is DuckDB's default DECIMAL(18,3).
 */
export const DEFAULT_NUMERIC_SHAPES = {
  integer: { integerDigits: 10, scale: 0 },
  bigint: { integerDigits: 19, scale: 0 },
  double: { integerDigits: 19, scale: 0 },
  decimal: { integerDigits: 15, scale: 3 },
} as const;
