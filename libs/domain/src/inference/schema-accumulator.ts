import type { FieldSchema, FieldStats, FieldType } from '@tributary/contracts';
import {
  type CsvDialect,
  type DataFormat,
  type EncodingBasis,
  type TextEncodingName,
  type ValueSyntax,
  valueSyntaxOf,
} from '../records/file-format';
import { isJsonObject } from '../records/json-value';
import type { ReaderItem, RecordValues, RowError } from '../records/record-item';
import { setRecordValue } from '../records/set-record-value';
import { assignColumns } from './column-names';
import { fieldName } from './field-name';
import type { InferredSchema, RowErrorSummary } from './inferred-schema';
import { inferJsonStringType, inferTextType, inferValueType } from './infer-value-type';
import { FieldStatsAccumulator } from './stats/field-stats-accumulator';
import { NUMERIC_LIMITS } from './text-type-patterns';
import { joinTypes } from './type-join';
import {
  NULL_TYPE,
  OBJECT_TYPE,
  STRING_TYPE,
  type TypeInfo,
  arrayType,
  integerDigitsOf,
  isNumericType,
  numericType,
  scaleOf,
  schemaTypeParts,
  typeInfoOf,
} from './type-info';
import { valueText } from './value-text';

/** Row errors kept in full in the result (all are counted). */
export const MAX_REPORTED_ROW_ERRORS = 10;

/**
 * A nested object with more distinct keys than this is a map (user ids, dates as keys), not a
 * record: it becomes one string field holding its JSON, so memory stays bounded.
 */
export const MAX_NESTED_KEYS = 1000;

export interface SchemaAccumulatorOptions {
  readonly format: DataFormat;
  /** Field name → pinned type (SPEC §3): the schema uses it, the stats still show what was seen. */
  readonly hints?: Readonly<Record<string, FieldType>>;
}

class FieldState {
  type: TypeInfo = NULL_TYPE;
  children: Map<string, FieldState> | undefined;
  /** The previous string value: columns repeat values often, and a repeat changes nothing but counts. */
  lastString: string | undefined;
  readonly stats = new FieldStatsAccumulator();
  readonly settlesAsString: boolean;
  /** An object turned map (see `MAX_NESTED_KEYS`): kept whole as JSON text from then on. */
  collapsed = false;

  constructor(
    readonly path: readonly string[],
    readonly name: string,
    readonly hint: FieldType | undefined,
  ) {
    this.settlesAsString = hint === undefined || hint === 'string';
  }
}

/**
 * Learns a file's schema and statistics one record at a time, in memory proportional to the
 * number of fields (not rows). Nested objects become dotted fields (`address.city`); ordinals
 * follow first appearance.
 */
export class SchemaAccumulator {
  private readonly syntax: ValueSyntax;
  private readonly hints: ReadonlyMap<string, FieldType>;
  private readonly topLevel = new Map<string, FieldState>();
  /** The declared fields in column order, for positional CSV cells. */
  private declared: FieldState[] = [];
  private readonly ordered: FieldState[] = [];
  private rows = 0;
  private errorCount = 0;
  private readonly firstErrors: RowErrorSummary[] = [];

  constructor(private readonly options: SchemaAccumulatorOptions) {
    this.syntax = valueSyntaxOf(options.format);
    this.hints = new Map(Object.entries(options.hints ?? {}));
  }

  /** Fields known before any row (a CSV header), so a header-only file still has its columns. */
  declareFields(names: readonly string[]): void {
    this.declared = names.map(
      (name) => this.topLevel.get(name) ?? this.createField(this.topLevel, [], name),
    );
  }

  add(item: ReaderItem): void {
    if (item.kind === 'error') this.addRowError(item);
    else if (item.cells !== undefined && item.cells.length === this.declared.length) {
      this.addCells(item.cells);
    } else this.addRecord(item.values);
  }

  /** A CSV row as cells in the order of `declareFields` (cheaper than by name: no lookups). */
  addCells(cells: readonly (string | null)[]): void {
    this.rows++;
    const states = this.declared;
    for (let i = 0; i < states.length; i++) {
      const cell = cells[i];
      const state = states[i];
      if (cell !== null && cell !== undefined && state !== undefined)
        this.observeString(state, cell);
    }
  }

  addRecord(values: RecordValues): void {
    this.rows++;
    this.observeObject(undefined, this.topLevel, values);
  }

  addRowError(error: RowError): void {
    this.errorCount++;
    if (this.firstErrors.length < MAX_REPORTED_ROW_ERRORS) {
      this.firstErrors.push({ position: error.position, line: error.line, reason: error.error });
    }
  }

  toInferredSchema(file: {
    encoding: TextEncodingName;
    encodingBasis?: EncodingBasis;
    encodingNote?: string;
    dialect?: CsvDialect;
  }): InferredSchema {
    const columns = assignColumns(this.ordered);
    const fields: Record<string, FieldSchema> = {};
    const stats: Record<string, FieldStats> = {};
    this.ordered.forEach((state, ordinal) => {
      const type = this.finalType(state);
      setRecordValue(fields, state.name, {
        ...schemaTypeParts(type),
        path: state.path,
        nullable: type.type === 'null' || state.stats.nonNullCount < this.rows,
        column: columns[ordinal] ?? '',
        ordinal,
      } satisfies FieldSchema);
      setRecordValue(stats, state.name, state.stats.toStats(this.rows, type.type));
    });
    return {
      format: this.options.format,
      encoding: file.encoding,
      encodingBasis: file.encodingBasis ?? 'detected',
      encodingNote: file.encodingNote ?? '',
      ...(file.dialect === undefined ? {} : { dialect: file.dialect }),
      rowCount: this.rows,
      rowErrors: { count: this.errorCount, first: [...this.firstErrors] },
      fields,
      stats,
    };
  }

  private createField(
    fields: Map<string, FieldState>,
    parentPath: readonly string[],
    key: string,
  ): FieldState {
    const path = [...parentPath, key];
    const name = fieldName(path);
    const state = new FieldState(path, name, this.hints.get(name));
    fields.set(key, state);
    this.ordered.push(state);
    return state;
  }

  /** Observes the fields of a record (`parent` undefined) or of a nested object; false if it turned map. */
  private observeObject(
    parent: FieldState | undefined,
    fields: Map<string, FieldState>,
    values: RecordValues,
  ): boolean {
    for (const key in values) {
      let state = fields.get(key);
      if (state === undefined) {
        if (parent !== undefined && fields.size >= MAX_NESTED_KEYS) {
          this.collapse(parent);
          return false;
        }
        state = this.createField(fields, parent?.path ?? [], key);
      }
      const value = values[key];
      if (value !== null && value !== undefined) this.observeValue(state, value);
    }
    return true;
  }

  /** Turns an object field with too many keys into a string field; its nested fields go. */
  private collapse(state: FieldState): void {
    const depth = state.path.length;
    const prefix = state.path;
    const isBelow = (other: FieldState): boolean =>
      other.path.length > depth && prefix.every((segment, i) => other.path[i] === segment);
    let kept = 0;
    for (const other of this.ordered) if (!isBelow(other)) this.ordered[kept++] = other;
    this.ordered.length = kept;
    state.children = undefined;
    state.collapsed = true;
    state.type = STRING_TYPE;
  }

  private observeValue(state: FieldState, value: unknown): void {
    if (typeof value === 'string') {
      this.observeString(state, value);
    } else if (
      isJsonObject(value) &&
      !state.collapsed &&
      (state.hint === undefined || state.hint === 'object')
    ) {
      state.children ??= new Map();
      if (this.observeObject(state, state.children, value)) {
        state.type = joinTypes(state.type, OBJECT_TYPE);
        state.stats.addUntracked();
      } else {
        state.stats.add(valueText(value), OBJECT_TYPE);
      }
    } else {
      const type = inferValueType(value, this.syntax);
      if (type !== state.type) state.type = joinTypes(state.type, type);
      state.stats.add(valueText(value), type);
    }
  }

  /** The hot path: every CSV cell comes through here. */
  private observeString(state: FieldState, text: string): void {
    if (text === state.lastString) {
      state.stats.addRepeat();
      return;
    }
    state.lastString = text;
    // Once a field is a string nothing can change its type; skipping inference saves most of the work.
    let type = STRING_TYPE;
    if (state.type !== STRING_TYPE || !state.settlesAsString) {
      type = this.syntax === 'text' ? inferTextType(text) : inferJsonStringType(text);
      if (type !== state.type) state.type = joinTypes(state.type, type);
    }
    state.stats.add(text, type);
  }

  private finalType(state: FieldState): TypeInfo {
    const hint = state.hint;
    const seen = state.type;
    if (hint === undefined) return seen;
    if (hint === 'decimal' && isNumericType(seen.type)) {
      const digits = integerDigitsOf(seen);
      const scale = scaleOf(seen);
      if (digits + scale <= NUMERIC_LIMITS.maxDecimalPrecision)
        return numericType('decimal', digits, scale);
    }
    if (hint === 'array') return arrayType(seen.type === 'array' ? (seen.items ?? 'null') : 'null');
    return typeInfoOf({ type: hint });
  }
}
