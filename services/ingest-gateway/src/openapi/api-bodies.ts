/**
 * Every JSON body the gateway answers with, named as it appears in `/openapi.json`
 * (`components.schemas`). `response-bodies.schema.json` is generated from this file by
 * `npm run openapi:schemas`; a unit test fails when the two differ.
 */
import type {
  DriftDiff,
  PipelineStateRecord,
  RunRecord,
  SchemaHeadRecord,
  SchemaVersionRecord,
} from '@tributary/contracts';
import type { ProblemDetails } from '@tributary/platform';
import type { SourceStatusView } from '../admin/manage-sources.usecase';
import type { ResolveResult } from '../admin/resolve-breaking.usecase';
import type { SourceView } from '../admin/source.view';
import type { FileStatusView } from '../uploads/file-status.view';
import type { LandFileResult } from '../uploads/land-file.usecase';

/** RFC 9457 problem details: every 4xx and 5xx answer. */
export type Problem = ProblemDetails;
/** A landed upload (or, with `duplicate: true`, the earlier upload it repeats). */
export type UploadAccepted = LandFileResult;
export type FileState = FileStatusView;
export type FileStateList = FileStatusView[];
export type Source = SourceStatusView;
export type SourceList = SourceStatusView[];
/** A created source or a rotated key: the API key is shown only in this answer. */
export interface SourceWithKey {
  readonly source: SourceView;
  readonly apiKey: string;
}
/** The updated source and, in words, when each changed setting takes effect. */
export type SourceUpdated = SourceView & { readonly effects: readonly string[] };
export interface SchemaHistory {
  readonly head: SchemaHeadRecord | null;
  readonly versions: SchemaVersionRecord[];
}
export type SchemaVersion = SchemaVersionRecord;
export interface SchemaDiff {
  readonly from: number;
  readonly to: number;
  readonly diff: DriftDiff;
}
export type Resolution = ResolveResult;
export interface RunRequested {
  readonly runId: string;
  readonly state: string;
}
export type Run = RunRecord;
export type RunList = RunRecord[];
export type Pipeline = PipelineStateRecord;
export interface BackfillRequested {
  readonly runId: string;
  readonly state: string;
  readonly dates: string[];
}
export interface ReplayRequested {
  /** null when the replayed events name no date to rebuild. */
  readonly runId: string | null;
  readonly dates: string[];
  readonly events: number;
}
