import type { OpenAPIObject } from '@nestjs/swagger';
import type { ZodType } from 'zod';
import type { JsonSchema } from './json-schema';
import { type OperationContract, OPERATIONS } from './operations';
import { RESPONSE_BODY_SCHEMAS } from './response-bodies.schema';

/** Only the client API; /health/* and /metrics are for orchestrators and scrapers (README: "Services"). */
const API_PREFIX = '/v1/';
const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request: the problem says which parameter or field and why',
  401: 'Unauthorized: missing or invalid credential',
  403: "Forbidden: another source's key",
  404: 'Not Found',
  409: 'Conflict: the state does not allow it now (e.g. the source is blocked); the problem says why',
  413: 'Payload Too Large: nothing was stored',
  415: 'Unsupported Media Type, charset or Content-Encoding',
  422: 'Unprocessable Content: valid syntax, refused meaning (e.g. an Idempotency-Key reused for another body)',
  429: 'Too Many Requests: retry after Retry-After seconds',
  503: 'A dependency is unavailable; retrying is safe',
};

const SECURITY_SCHEMES = {
  sourceKey: {
    type: 'http',
    scheme: 'bearer',
    description: "The source's API key (`trb_<source>_…`), shown once when the source is created",
  },
  adminToken: {
    type: 'http',
    scheme: 'bearer',
    description: 'The control-plane admin token (TRIBUTARY_ADMIN_TOKEN)',
  },
} as const;

export interface ContractOptions {
  readonly uploadMediaTypes: readonly string[];
  readonly toJsonSchema: (schema: ZodType) => JsonSchema;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

type Operation = {
  summary?: string;
  parameters?: { in: string }[];
  responses?: Record<string, { description?: string }>;
  [key: string]: unknown;
};

/**
 * The document Nest derives from the routes, completed with what routes cannot say: request
 * and response schemas, optional parameters, headers, problem bodies and which credential each
 * operation takes. Every route must have a contract, so a new endpoint cannot go undocumented.
 */
export function withContracts(document: OpenAPIObject, options: ContractOptions): OpenAPIObject {
  const schemas: Record<string, JsonSchema> = { ...RESPONSE_BODY_SCHEMAS };
  const seen = new Set<string>();
  const paths = Object.fromEntries(
    Object.entries(document.paths).filter(([path]) => path.startsWith(API_PREFIX)),
  );
  for (const [path, item] of Object.entries(paths)) {
    for (const method of METHODS) {
      const operation = (item as Record<string, Operation | undefined>)[method];
      if (!operation) continue;
      const key = `${method} ${path}`;
      const contract = OPERATIONS[key];
      if (!contract) throw new Error(`OpenAPI: no contract for ${key} in operations.ts`);
      seen.add(key);
      applyContract(operation, contract, schemas, options);
    }
  }
  const stale = Object.keys(OPERATIONS).filter((key) => !seen.has(key));
  if (stale.length > 0)
    throw new Error(`OpenAPI: operations.ts names routes that do not exist: ${stale.join(', ')}`);
  const { bearer: _nestDefault, ...otherSchemes } = document.components?.securitySchemes ?? {};
  return {
    ...document,
    openapi: '3.1.0',
    paths,
    components: {
      ...document.components,
      securitySchemes: { ...otherSchemes, ...SECURITY_SCHEMES },
      schemas,
    },
  };
}

function applyContract(
  operation: Operation,
  contract: OperationContract,
  schemas: Record<string, JsonSchema>,
  options: ContractOptions,
): void {
  operation.security = [{ [contract.security]: [] }];
  if (!operation.summary) throw new Error('OpenAPI: a route has no @ApiOperation summary');
  operation.parameters = [
    ...(operation.parameters ?? []).filter((p) => p.in === 'path'),
    ...(contract.query ?? []).map((q) => ({ in: 'query', ...q })),
    ...(contract.headers ?? []),
  ];
  if (contract.body === 'upload') {
    operation.requestBody = {
      required: true,
      description: 'The file itself, as the raw body (gzip with Content-Encoding: gzip)',
      content: Object.fromEntries(
        options.uploadMediaTypes.map((type) => [
          type,
          { schema: { type: 'string', format: 'binary' } },
        ]),
      ),
    };
  } else if (contract.body) {
    const { $schema: _dialect, ...schema } = options.toJsonSchema(contract.body.schema);
    schemas[contract.body.name] = schema;
    operation.requestBody = {
      required: true,
      content: { 'application/json': { schema: ref(contract.body.name) } },
    };
  }
  const described = operation.responses ?? {};
  const describe = (status: number, fallback: string) => described[status]?.description ?? fallback;
  const success = contract.success;
  const responses: Record<string, unknown> = {
    [success.status]: {
      description: describe(success.status, 'OK'),
      content: { 'application/json': { schema: ref(success.body) } },
    },
  };
  for (const status of [...new Set([...contract.errors, 401, 503])].sort((a, b) => a - b)) {
    responses[status] = {
      description: describe(status, REASONS[status] ?? 'Error'),
      content: { 'application/problem+json': { schema: ref('Problem') } },
      ...(status === 429 || status === 503
        ? { headers: { 'Retry-After': { schema: { type: 'integer' } } } }
        : {}),
    };
  }
  operation.responses = responses as Operation['responses'];
}
