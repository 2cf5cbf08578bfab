import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** The gateway's OpenAPI document, served at /openapi.json. */
export function registerOpenApi(app: NestFastifyApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Tributary ingest gateway')
    .setDescription(
      'Upload JSON/CSV files per source; manage sources, schemas and runs on the control plane.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  app
    .getHttpAdapter()
    .getInstance()
    .get('/openapi.json', (_request, reply) => {
      void reply.header('content-type', 'application/json').send(document);
    });
}
