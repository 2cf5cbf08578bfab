// The public API of @tributary/domain: pure rules, no I/O.

export { JsonNumber } from './records/json-number';
export { ownValue } from './records/own-value';
export type { ParsedRecord, ReaderItem, RecordValues, RowError } from './records/record-item';
export {
  type CsvDialect,
  type DataFormat,
  type EncodingBasis,
  type LineEnding,
  type TextEncodingName,
  type ValueSyntax,
  valueSyntaxOf,
} from './records/file-format';

export { FileParseError, type FileLocation } from './profiling/file-parse.error';
export { declaredFormat, type DeclaredFormat } from './profiling/content-type';
export {
  detectEncoding,
  encodingOfCharset,
  supportedCharsets,
  type DetectedEncoding,
} from './profiling/encoding/detect-encoding';
export { TextChunkDecoder } from './profiling/encoding/text-chunk-decoder';
export {
  CSV_DELIMITERS,
  CSV_QUOTES,
  type CsvDialectOverrides,
  type CsvLayout,
  detectCsvDialect,
} from './profiling/csv/csv-dialect-detection';
export { CsvScanner, type CsvRow, type CsvScannerOptions } from './profiling/csv/csv-scanner';
export { detectHeader } from './profiling/csv/header-detection';
export { detectFormat, type DetectedFormat } from './profiling/detect-format';
export {
  openRecordReader,
  type RecordReader,
  type RecordReaderOptions,
} from './profiling/open-record-reader';
export { SAMPLE_BYTES, MAX_SAMPLE_BYTES } from './profiling/file-sample';
export { profileStream, type ProfileOptions } from './profiling/profile-stream';

export {
  TEXT_TYPE_PATTERNS,
  NUMERIC_LIMITS,
  DEFAULT_NUMERIC_SHAPES,
} from './inference/text-type-patterns';
export { type TypeInfo, typeInfoOf, describeType, sameType } from './inference/type-info';
export { joinTypes } from './inference/type-join';
export { inferTextType, inferJsonStringType, inferValueType } from './inference/infer-value-type';
export { readNumberShape, numberTextType, type NumberShape } from './inference/numeric-text';
export { normaliseDateText, normaliseTimestampText } from './inference/temporal-text';
export { fieldName, fieldPath } from './inference/field-name';
export { normaliseColumnName, assignColumns } from './inference/column-names';
export { DistinctSketch, DISTINCT_SKETCH_SIZE } from './inference/stats/distinct-sketch';
export { MAX_SAMPLES, MAX_STAT_TEXT_LENGTH } from './inference/stats/field-stats-accumulator';
export {
  SchemaAccumulator,
  MAX_REPORTED_ROW_ERRORS,
  MAX_NESTED_KEYS,
  type SchemaAccumulatorOptions,
} from './inference/schema-accumulator';
export type { InferredSchema, RowErrorSummary } from './inference/inferred-schema';

export { diffSchemas, diffVersions, isEmptyDiff } from './schema/diff-schemas';
export { fieldsOfEmptyFile } from './schema/empty-file';
export { partitionFieldProblem } from './schema/partition-field';
export { isWidening } from './schema/widening';
export { nameSimilarity } from './schema/name-similarity';
export { findRenameCandidates, MIN_RENAME_SCORE, type DiffStats } from './schema/rename-candidates';
export {
  classifyChange,
  type ChangeClassification,
  type ClassifyOptions,
} from './schema/classify-change';
export { unionFields } from './schema/union-fields';
export {
  planAccept,
  planDeprecate,
  resolveCommandHint,
  columnChanges,
  type ColumnChanges,
  type PendingFile,
  type ResolutionPlan,
  type ResolutionRequest,
  type ResolutionResult,
  type SchemaVersionSummary,
  type StatusTransition,
} from './schema/resolve-breaking';

export {
  validateRecord,
  type ValidateOptions,
  type ValidationResult,
  type Violation,
} from './validation/validate-record';
export { convertValue, type Conversion, type TypedValue } from './validation/convert-value';
export { canonicalDecimalText } from './validation/decimal-text';
export {
  nextPipelineState,
  canTransition,
  IllegalTransitionError,
  type PipelineEvent,
} from './pipeline/pipeline-state-machine';
export { compileSchema, type CompiledSchema } from './validation/compiled-schema';

export {
  type CheckOutcome,
  DEFAULT_QUARANTINE_THRESHOLD,
  GATE_CHECK,
  percent,
} from './gate/gate-check';
export {
  checkQuarantineRate,
  effectiveThreshold,
  type QuarantineRateInput,
} from './gate/quarantine-rate';
export {
  checkReconciliation,
  type CountedFile,
  type ReconciliationInput,
} from './gate/row-reconciliation';
export {
  columnCheckName,
  columnCheckSql,
  describeColumnCheck,
  evaluateColumnCheck,
  resolveCheckColumn,
  type ColumnCheckCounts,
  type ColumnCheckMeasurement,
  type PublishedColumnRef,
} from './gate/column-checks';
export { gateVerdict, type GateVerdict } from './gate/gate-verdict';
export {
  allStates,
  containsRun,
  DEFAULT_POINTER_HISTORY,
  mergeBaseConflicts,
  publishRun,
  pushState,
  rollbackCause,
  runCause,
  samePartitions,
  type PointerChange,
  type StateContext,
} from './gate/table-state';
export {
  RollbackError,
  rollbackPointer,
  rollbackTarget,
  type RollbackErrorCode,
  type RollbackTarget,
} from './gate/rollback';
export {
  planRetention,
  referencedKeys,
  type CuratedObject,
  type KeepReason,
  type RetentionPlan,
  type RunObjects,
} from './gate/retention';
export { quoteIdentifier, quoteLiteral } from './gate/sql-text';

export {
  alreadyResubmitted,
  latestResubmissions,
  rowRef,
  type LatestResubmission,
  type ResubmittedOrigin,
  type RetryFileRows,
} from './rebuild/row-versions';
export { admitRow, type Admission, type RebuildScope, type RowAt } from './rebuild/row-admission';
export { publishedUploads } from './rebuild/published-uploads';
