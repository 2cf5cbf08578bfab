import type { Readable } from 'node:stream';
import { Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  isAcceptableFileName,
  isValidSourceId,
  isUlid,
  TRACEPARENT_HEADER,
} from '@tributary/contracts';
import { encodingOfCharset, supportedCharsets } from '@tributary/domain';
import { FileLedgerRepository } from '@tributary/metadata';
import { problem } from '@tributary/platform';
import type { FastifyRequest } from 'fastify';
import { SourceAuthenticator } from '../auth/source-authenticator';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { charsetOf, isUploadMediaType, mediaTypeOf, UPLOAD_MEDIA_TYPES } from './content-types';
import { emptyBody } from './empty-body';
import { FileStatusReader } from './file-status.reader';
import type { FileStatusView } from './file-status.view';
import { IngestMetrics } from './ingest.metrics';
import { LandFileUseCase, type LandFileResult } from './land-file.usecase';
import { RateLimiter } from './rate-limiter';

@ApiTags('uploads')
@Controller('v1/sources/:sourceId/files')
export class UploadController {
  private readonly limiter = new RateLimiter();

  constructor(
    @Inject(SourceAuthenticator) private readonly auth: SourceAuthenticator,
    @Inject(LandFileUseCase) private readonly landFile: LandFileUseCase,
    @Inject(FileLedgerRepository) private readonly files: FileLedgerRepository,
    @Inject(IngestMetrics) private readonly metrics: IngestMetrics,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(FileStatusReader) private readonly statusReader: FileStatusReader,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Upload a CSV, TSV, JSON or NDJSON file as the raw request body' })
  @ApiResponse({ status: 202, description: '{ fileId, sourceId, key, bytes, sha256, duplicate }' })
  @ApiResponse({ status: 400, description: 'invalid source id or file name' })
  @ApiResponse({ status: 401, description: 'missing or invalid source key' })
  @ApiResponse({ status: 403, description: 'key of another source' })
  @ApiResponse({ status: 413, description: 'body over the configured size; nothing stored' })
  @ApiResponse({ status: 415, description: 'unsupported Content-Type or Content-Encoding' })
  @ApiResponse({ status: 429, description: 'the key exceeded its rate' })
  @ApiResponse({ status: 503, description: 'a dependency is down; retrying is safe' })
  async upload(
    @Param('sourceId') sourceId: string,
    @Query('name') name: unknown,
    @Req() request: FastifyRequest,
  ): Promise<LandFileResult> {
    let status = 500;
    try {
      const result = await this.handleUpload(sourceId, name, request);
      status = 202;
      return result;
    } catch (error) {
      status = (error as { getStatus?: () => number }).getStatus?.() ?? 500;
      throw error;
    } finally {
      this.metrics.request(isValidSourceId(sourceId) ? sourceId : 'invalid', status);
    }
  }

  private async handleUpload(
    sourceId: string,
    name: unknown,
    request: FastifyRequest,
  ): Promise<LandFileResult> {
    if (!isValidSourceId(sourceId)) {
      throw problem.badRequest(
        'invalid-source-id',
        'source id must match ^[a-z0-9][a-z0-9_-]{0,62}$',
      );
    }
    const source = await this.auth.authenticate(request.headers.authorization, sourceId);
    const waitSeconds = this.limiter.take(
      sourceId,
      source.rateLimitPerMinute || this.config.defaultRateLimitPerMinute,
    );
    if (waitSeconds > 0) {
      throw problem.tooManyRequests(
        `rate of ${source.rateLimitPerMinute} uploads per minute exceeded`,
        waitSeconds,
      );
    }
    if (!isAcceptableFileName(name)) {
      throw problem.badRequest(
        'invalid-file-name',
        'query parameter `name` must be a file name (1..1024 characters, no control characters)',
      );
    }
    const mediaType = mediaTypeOf(request.headers['content-type']);
    if (!isUploadMediaType(mediaType)) {
      throw problem.unsupportedMediaType(
        `Content-Type must be one of ${UPLOAD_MEDIA_TYPES.join(', ')}`,
        {
          accepted: UPLOAD_MEDIA_TYPES,
        },
      );
    }
    const charset = charsetOf(request.headers['content-type']);
    if (charset !== undefined && encodingOfCharset(charset) === undefined) {
      throw problem.unsupportedMediaType(
        `charset ${charset} is not one Tributary decodes; declare one of ${supportedCharsets().join(', ')}, or none to let the bytes decide`,
        { accepted: supportedCharsets() },
      );
    }
    const encoding = (request.headers['content-encoding'] ?? 'identity')
      .toString()
      .trim()
      .toLowerCase();
    if (encoding !== 'identity' && encoding !== 'gzip') {
      throw problem.unsupportedMediaType('Content-Encoding must be gzip or absent');
    }
    const lengthHeader = request.headers['content-length'];
    const contentLength = lengthHeader === undefined ? undefined : Number(lengthHeader);
    const idempotencyKey = request.headers['idempotency-key'];
    if (
      idempotencyKey !== undefined &&
      (typeof idempotencyKey !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(idempotencyKey))
    ) {
      throw problem.badRequest(
        'invalid-idempotency-key',
        'Idempotency-Key must be 1..255 visible ASCII characters',
      );
    }
    const traceparent = request.headers[TRACEPARENT_HEADER];
    return this.landFile.execute({
      source,
      fileName: name,
      mediaType,
      charset: charset ?? null,
      contentEncoding: encoding === 'gzip' ? 'gzip' : null,
      contentLength: Number.isFinite(contentLength) ? contentLength : undefined,
      idempotencyKey,
      traceparent: typeof traceparent === 'string' ? traceparent : undefined,
      body: (request.body as Readable | undefined) ?? emptyBody(),
    });
  }

  @Get(':fileId')
  @ApiOperation({
    summary: "A file's lifecycle: LANDED, PROFILED, DEAD_LETTERED, PROMOTED, QUARANTINED",
  })
  async status(
    @Param('sourceId') sourceId: string,
    @Param('fileId') fileId: string,
    @Req() request: FastifyRequest,
  ): Promise<FileStatusView> {
    if (!isValidSourceId(sourceId))
      throw problem.badRequest('invalid-source-id', 'invalid source id');
    await this.auth.authenticate(request.headers.authorization, sourceId);
    if (!isUlid(fileId)) throw problem.badRequest('invalid-file-id', 'file id must be a ULID');
    const file = await this.files.get(sourceId, fileId);
    if (!file) throw problem.notFound('file-not-found', `no file ${fileId} for source ${sourceId}`);
    return this.statusReader.view(file.record);
  }
}
