import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { z } from 'zod';
import { UPLOAD_MEDIA_TYPES } from '../uploads/content-types';
import { withContracts } from './operation-contracts';

/** The gateway's OpenAPI 3.1 document: routes from the controllers, bodies from their types. */
export function gatewayOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Tributary ingest gateway')
    .setDescription(
      'Upload JSON/CSV files per source with its API key; manage sources, schemas, files and runs on the control plane with the admin token. Every error is an RFC 9457 problem (application/problem+json).',
    )
    .setVersion('1')
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    .addServer('/', 'the gateway that serves this document')
    .build();
  return withContracts(SwaggerModule.createDocument(app, config), {
    uploadMediaTypes: UPLOAD_MEDIA_TYPES,
    toJsonSchema: (schema) => z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' }),
  });
}

/** Serves the document at /openapi.json. */
export function registerOpenApi(app: NestFastifyApplication): void {
  const document = gatewayOpenApiDocument(app);
  app
    .getHttpAdapter()
    .getInstance()
    .get('/openapi.json', (_request, reply) => {
      void reply.header('content-type', 'application/json').send(document);
    });
}
