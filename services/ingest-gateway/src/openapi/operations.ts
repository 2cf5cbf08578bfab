import { FILE_STATUS } from '@tributary/contracts';
import type { ZodType } from 'zod';
import { resolveSchema } from '../admin/resolve.schema';
import { createSourceSchema, updateSourceSchema } from '../admin/source.schemas';
import { backfillSchema, replaySchema } from '../runs/run-request.schemas';
import type { JsonSchema } from './json-schema';
import type { RESPONSE_BODY_SCHEMAS } from './response-bodies.schema';

export type ResponseBodyName = keyof typeof RESPONSE_BODY_SCHEMAS;
export type Security = 'sourceKey' | 'adminToken';

export interface QueryParameter {
  readonly name: string;
  readonly required: boolean;
  readonly description: string;
  readonly schema: JsonSchema;
}

export interface HeaderParameter extends QueryParameter {
  readonly in: 'header';
}

/** What `/openapi.json` says about one operation beyond what the controllers' routes give. */
export interface OperationContract {
  readonly security: Security;
  /** JSON request body (a zod schema the controller parses it with), or the raw upload. */
  readonly body?: { readonly name: string; readonly schema: ZodType } | 'upload';
  readonly success: { readonly status: number; readonly body: ResponseBodyName };
  /** Error statuses answered with a problem body, beyond 401 and 503. */
  readonly errors: readonly number[];
  readonly query?: readonly QueryParameter[];
  readonly headers?: readonly HeaderParameter[];
}

const LIMIT = (max: number, fallback: number): QueryParameter => ({
  name: 'limit',
  required: false,
  description: `How many, newest last (default ${fallback}, at most ${max})`,
  schema: { type: 'integer', minimum: 1, maximum: max, default: fallback },
});

const ADMIN = 'adminToken' as const;

/** Keyed by `METHOD path` exactly as the routes appear in the document. */
export const OPERATIONS: Readonly<Record<string, OperationContract>> = {
  'post /v1/sources/{sourceId}/files': {
    security: 'sourceKey',
    body: 'upload',
    success: { status: 202, body: 'UploadAccepted' },
    errors: [400, 403, 404, 409, 413, 415, 422, 429],
    query: [
      {
        name: 'name',
        required: true,
        description:
          "The file's name as the source calls it (1..1024 characters, no control characters)",
        schema: { type: 'string', minLength: 1, maxLength: 1024 },
      },
    ],
    headers: [
      {
        in: 'header',
        name: 'Idempotency-Key',
        required: false,
        description:
          'Retrying with the same key answers the first upload again (duplicate: true) and stores nothing twice',
        schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' },
      },
      {
        in: 'header',
        name: 'Content-Encoding',
        required: false,
        description: 'gzip when the body is gzip-compressed',
        schema: { type: 'string', enum: ['gzip', 'identity'] },
      },
    ],
  },
  'get /v1/sources/{sourceId}/files/{fileId}': {
    security: 'sourceKey',
    success: { status: 200, body: 'FileState' },
    errors: [400, 403, 404],
  },
  'post /v1/admin/sources': {
    security: ADMIN,
    body: { name: 'CreateSourceRequest', schema: createSourceSchema },
    success: { status: 201, body: 'SourceWithKey' },
    errors: [400, 409, 422],
  },
  'get /v1/admin/sources': {
    security: ADMIN,
    success: { status: 200, body: 'SourceList' },
    errors: [],
  },
  'get /v1/admin/sources/{sourceId}': {
    security: ADMIN,
    success: { status: 200, body: 'Source' },
    errors: [400, 404],
  },
  'patch /v1/admin/sources/{sourceId}': {
    security: ADMIN,
    body: { name: 'UpdateSourceRequest', schema: updateSourceSchema },
    success: { status: 200, body: 'SourceUpdated' },
    errors: [400, 404, 409, 422],
  },
  'post /v1/admin/sources/{sourceId}/rotate-key': {
    security: ADMIN,
    success: { status: 200, body: 'SourceWithKey' },
    errors: [400, 404, 409],
  },
  'get /v1/admin/sources/{sourceId}/files': {
    security: ADMIN,
    success: { status: 200, body: 'FileStateList' },
    errors: [400],
    query: [
      {
        name: 'status',
        required: false,
        description: 'Only files in this state',
        schema: {
          type: 'string',
          enum: [...FILE_STATUS],
        },
      },
      LIMIT(1_000_000, 1000),
    ],
  },
  'get /v1/admin/sources/{sourceId}/files/{fileId}': {
    security: ADMIN,
    success: { status: 200, body: 'FileState' },
    errors: [400, 404],
  },
  'post /v1/admin/sources/{sourceId}/files/{fileId}/resubmit': {
    security: ADMIN,
    success: { status: 202, body: 'FileState' },
    errors: [400, 404, 409],
  },
  'get /v1/admin/sources/{sourceId}/schemas': {
    security: ADMIN,
    success: { status: 200, body: 'SchemaHistory' },
    errors: [400],
  },
  'get /v1/admin/sources/{sourceId}/schemas/diff': {
    security: ADMIN,
    success: { status: 200, body: 'SchemaDiff' },
    errors: [400, 404],
    query: [
      {
        name: 'from',
        required: true,
        description: 'The older version number',
        schema: { type: 'integer', minimum: 1 },
      },
      {
        name: 'to',
        required: true,
        description: 'The newer version number',
        schema: { type: 'integer', minimum: 1 },
      },
    ],
  },
  'get /v1/admin/sources/{sourceId}/schemas/{version}': {
    security: ADMIN,
    success: { status: 200, body: 'SchemaVersion' },
    errors: [400, 404],
  },
  'post /v1/admin/sources/{sourceId}/schemas/{version}/resolve': {
    security: ADMIN,
    body: { name: 'ResolveRequest', schema: resolveSchema },
    success: { status: 200, body: 'Resolution' },
    errors: [400, 404, 409],
  },
  'post /v1/admin/sources/{sourceId}/runs': {
    security: ADMIN,
    success: { status: 202, body: 'RunRequested' },
    errors: [400, 404, 409],
  },
  'get /v1/admin/sources/{sourceId}/runs': {
    security: ADMIN,
    success: { status: 200, body: 'RunList' },
    errors: [400],
    query: [LIMIT(500, 50)],
  },
  'get /v1/admin/sources/{sourceId}/runs/{runId}': {
    security: ADMIN,
    success: { status: 200, body: 'Run' },
    errors: [400, 404],
  },
  'get /v1/admin/sources/{sourceId}/pipeline': {
    security: ADMIN,
    success: { status: 200, body: 'Pipeline' },
    errors: [400, 404],
  },
  'post /v1/admin/sources/{sourceId}/pause': {
    security: ADMIN,
    success: { status: 202, body: 'Pipeline' },
    errors: [400, 404, 409],
  },
  'post /v1/admin/sources/{sourceId}/resume': {
    security: ADMIN,
    success: { status: 202, body: 'Pipeline' },
    errors: [400, 404, 409],
  },
  'post /v1/admin/sources/{sourceId}/reset': {
    security: ADMIN,
    success: { status: 202, body: 'Pipeline' },
    errors: [400, 404, 409],
  },
  'post /v1/admin/sources/{sourceId}/backfills': {
    security: ADMIN,
    body: { name: 'BackfillRequest', schema: backfillSchema },
    success: { status: 202, body: 'BackfillRequested' },
    errors: [400, 404, 409],
  },
  'post /v1/admin/sources/{sourceId}/replays': {
    security: ADMIN,
    body: { name: 'ReplayRequest', schema: replaySchema },
    success: { status: 202, body: 'ReplayRequested' },
    errors: [400, 404, 409],
  },
};
