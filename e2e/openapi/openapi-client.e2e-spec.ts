import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type EmbeddedProcess, repoRoot, startEmbeddedProcess } from '@tributary/testkit';
import Ajv2020 from 'ajv/dist/2020';

const run = promisify(execFile);

interface Answer {
  method: string;
  path: string;
  status: number;
  contentType: string | null;
  body: unknown;
}

type Document = {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, ResponseObject> }>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, object> };
};
type ResponseObject = { content?: Record<string, { schema: unknown }> };

/**
 * What a user does with `/openapi.json`: lint it, generate a typed client from it, write a
 * program against that client and run it. Every answer the program gets must be a status the
 * document lists, with a body its schema accepts.
 */
describe('the gateway OpenAPI document', () => {
  let dataDir: string;
  let workDir: string;
  let dev: EmbeddedProcess;
  let document: Document;
  const bin = (name: string) => join(repoRoot(), 'node_modules', '.bin', name);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tributary-openapi-'));
    // Inside the repository so the program resolves openapi-fetch from its node_modules.
    workDir = join(repoRoot(), 'node_modules', '.cache', `tributary-openapi-${process.pid}`);
    mkdirSync(workDir, { recursive: true });
    dev = await startEmbeddedProcess({ dataDir });
    const response = await fetch(`${dev.gatewayUrl}/openapi.json`);
    expect(response.status).toBe(200);
    document = (await response.json()) as Document;
    writeFileSync(join(workDir, 'openapi.json'), JSON.stringify(document, null, 2));
  });
  afterAll(async () => {
    await dev?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('passes redocly lint (recommended rules) with no error and no warning', async () => {
    const lint = await run(
      bin('redocly'),
      ['lint', join(workDir, 'openapi.json'), '--format=json'],
      { cwd: workDir },
    ).catch((error: { stdout: string }) => error);
    const problems = (
      JSON.parse(lint.stdout) as { problems: { ruleId: string; message: string }[] }
    ).problems;
    expect(problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
  });

  it('says what the upload takes: its name, Idempotency-Key, media types and the source key', () => {
    const upload = document.paths['/v1/sources/{sourceId}/files']!.post as unknown as {
      parameters: { name: string; in: string; required: boolean }[];
      requestBody: { content: Record<string, unknown> };
      security: Record<string, unknown>[];
    };
    expect(upload.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'name', in: 'query', required: true }),
        expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false }),
      ]),
    );
    expect(Object.keys(upload.requestBody.content)).toEqual(
      expect.arrayContaining(['text/csv', 'application/json', 'application/x-ndjson']),
    );
    expect(upload.security).toEqual([{ sourceKey: [] }]);
    const schemes = document.components.securitySchemes;
    expect(Object.keys(schemes).sort()).toEqual(['adminToken', 'sourceKey']);
    expect(Object.values(schemes).every((s) => !('bearerFormat' in s))).toBe(true);
    const runs = document.paths['/v1/admin/sources/{sourceId}/runs']!.get as unknown as {
      parameters: { name: string; required: boolean }[];
    };
    expect(runs.parameters.find((p) => p.name === 'limit')?.required).toBe(false);
  });

  it('generates a client whose program type-checks and gets only documented answers', async () => {
    await run(bin('openapi-typescript'), [
      join(workDir, 'openapi.json'),
      '-o',
      join(workDir, 'gateway.d.ts'),
    ]);
    copyFileSync(
      join(repoRoot(), 'e2e', 'openapi', 'generated-client.program.ts.tmpl'),
      join(workDir, 'program.ts'),
    );
    writeFileSync(
      join(workDir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          target: 'ES2023',
          lib: ['ES2023', 'DOM'],
          module: 'node16',
          moduleResolution: 'node16',
          esModuleInterop: true,
          skipLibCheck: true,
          types: ['node'],
          typeRoots: [join(repoRoot(), 'node_modules', '@types')],
          outDir: 'out',
        },
        files: ['program.ts', 'gateway.d.ts'],
      }),
    );
    // A type error here means the document describes bodies the program cannot use as typed.
    await run(bin('tsc'), ['-p', join(workDir, 'tsconfig.json')], { cwd: workDir }).catch(
      (error: { stdout: string }) => {
        throw new Error(`generated client does not type-check:\n${error.stdout}`);
      },
    );
    const { stdout } = await run(process.execPath, [join(workDir, 'out', 'program.js')], {
      env: { ...process.env, GATEWAY_URL: dev.gatewayUrl, ADMIN_TOKEN: dev.adminToken },
    });
    const answers = JSON.parse(stdout) as Answer[];

    const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
    ajv.addSchema({ $id: 'gateway', components: document.components });
    const violations: string[] = [];
    for (const answer of answers) {
      const documented = document.paths[answer.path]?.[answer.method]?.responses[answer.status];
      const where = `${answer.method.toUpperCase()} ${answer.path} → ${answer.status}`;
      if (!documented) {
        violations.push(`${where} is not in the document`);
        continue;
      }
      const mediaType = (answer.contentType ?? '').split(';')[0]!.trim();
      const content = documented.content?.[mediaType];
      if (!content) {
        violations.push(
          `${where} answered ${mediaType}, documented ${Object.keys(documented.content ?? {}).join(', ')}`,
        );
        continue;
      }
      const ref = (content.schema as { $ref: string }).$ref.replace('#', 'gateway#');
      const validate = ajv.compile({ $ref: ref });
      if (!validate(answer.body))
        violations.push(
          `${where}: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(answer.body).slice(0, 300)}`,
        );
    }
    expect(violations).toEqual([]);

    const statuses = answers.map((a) => `${a.method} ${a.path} ${a.status}`);
    expect(statuses).toEqual(
      expect.arrayContaining([
        'post /v1/admin/sources 201',
        'post /v1/sources/{sourceId}/files 202',
        'post /v1/sources/{sourceId}/files 415',
        'get /v1/sources/{sourceId}/files/{fileId} 200',
        'get /v1/admin/sources/{sourceId}/runs/{runId} 200',
        'get /v1/admin/sources/{sourceId} 404',
        'get /v1/admin/sources 401',
      ]),
    );
    const uploads = answers.filter((a) => a.path === '/v1/sources/{sourceId}/files');
    expect(uploads.map((a) => (a.body as { duplicate?: boolean }).duplicate)).toEqual([
      false,
      true,
      undefined,
    ]);
    const promoted = answers.find((a) => a.path.endsWith('/runs/{runId}'))?.body;
    expect(promoted).toMatchObject({ status: 'PROMOTED', rowsOut: 2 });
  });
});
