import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { OpenAPIObject } from '@nestjs/swagger';
import { z } from 'zod';
import { withContracts } from './operation-contracts';
import { OPERATIONS } from './operations';

const options = {
  uploadMediaTypes: ['text/csv'],
  toJsonSchema: (schema: z.ZodType) => z.toJSONSchema(schema, { target: 'draft-2020-12' }),
};

/** A document with every route operations.ts names, as Nest would derive it. */
function nestDocument(extra: Record<string, object> = {}): OpenAPIObject {
  const paths: Record<string, Record<string, object>> = {};
  for (const key of Object.keys(OPERATIONS)) {
    const [method, path] = key.split(' ') as [string, string];
    paths[path] = {
      ...paths[path],
      [method]: {
        summary: key,
        parameters: [
          { name: 'sourceId', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'limit', in: 'query', required: true, schema: { type: 'string' } },
        ],
        responses: { 200: { description: '' } },
      },
    };
  }
  return {
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths: { ...paths, ...extra, '/health/live': { get: { responses: {} } } },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
  };
}

describe('withContracts', () => {
  it('gives every operation its credential, schemas and problem answers', () => {
    const document = withContracts(nestDocument(), options);
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).not.toContain('/health/live');
    expect(Object.keys(document.components?.securitySchemes ?? {}).sort()).toEqual([
      'adminToken',
      'sourceKey',
    ]);
    const upload = document.paths['/v1/sources/{sourceId}/files']?.post;
    expect(upload?.security).toEqual([{ sourceKey: [] }]);
    expect(upload?.parameters?.map((p) => ('name' in p ? p.name : ''))).toEqual([
      'sourceId',
      'name',
      'Idempotency-Key',
      'Content-Encoding',
    ]);
    expect(Object.keys(upload?.responses ?? {})).toEqual([
      '202',
      '400',
      '401',
      '403',
      '404',
      '409',
      '413',
      '415',
      '422',
      '429',
      '503',
    ]);
    const create = document.paths['/v1/admin/sources']?.post;
    expect(create?.requestBody).toEqual({
      required: true,
      content: {
        'application/json': { schema: { $ref: '#/components/schemas/CreateSourceRequest' } },
      },
    });
    const schemas = document.components?.schemas ?? {};
    expect(schemas.CreateSourceRequest).toMatchObject({ required: ['sourceId'] });
    expect(schemas.CreateSourceRequest).not.toHaveProperty('$schema');
    for (const [key, contract] of Object.entries(OPERATIONS)) {
      const [method, path] = key.split(' ') as [string, string];
      const operation = (document.paths[path] as Record<string, { responses: object }>)[method];
      expect(operation?.responses).toHaveProperty(String(contract.success.status));
      expect(schemas).toHaveProperty(contract.success.body);
    }
  });

  it('refuses a route without a contract, and a contract without a route', () => {
    expect(() =>
      withContracts(
        nestDocument({ '/v1/admin/new': { get: { summary: 'x', responses: {} } } }),
        options,
      ),
    ).toThrow('no contract for get /v1/admin/new');
    const document = nestDocument();
    delete document.paths['/v1/admin/sources'];
    expect(() => withContracts(document, options)).toThrow('do not exist: post /v1/admin/sources');
  });

  it('refuses an operation without a summary', () => {
    const document = nestDocument();
    delete (document.paths['/v1/admin/sources']?.get as { summary?: string }).summary;
    expect(() => withContracts(document, options)).toThrow('no @ApiOperation summary');
  });

  it('keeps the response schemas generated from the types the controllers return', () => {
    const script = join(__dirname, '..', '..', 'scripts', 'generate-response-schemas.mjs');
    expect(() =>
      execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' }),
    ).not.toThrow();
  });
});
