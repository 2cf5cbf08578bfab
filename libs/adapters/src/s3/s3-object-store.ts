import { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { ObjectInfo, ObjectStore, PutOptions, StoredObject } from '@tributary/ports';
import { mapS3Error } from './s3-error-mapping';

export interface S3ObjectStoreConfig {
  readonly endpoint?: string;
  readonly region: string;
  readonly bucket: string;
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  readonly forcePathStyle: boolean;
  /** Multipart part size for streamed uploads. */
  readonly partSizeBytes?: number;
}

// 5 MiB parts (S3's minimum), three in flight: about 15 MiB buffered per streamed upload.
const DEFAULT_PART_SIZE = 5 * 1024 * 1024;
const PARTS_IN_FLIGHT = 3;

function stripQuotes(etag: string | undefined): string {
  return (etag ?? '').replace(/^"|"$/g, '');
}

export class S3ObjectStore implements ObjectStore {
  private readonly client: S3Client;

  constructor(private readonly config: S3ObjectStoreConfig) {
    this.client = new S3Client({
      region: config.region,
      endpoint: config.endpoint,
      forcePathStyle: config.forcePathStyle,
      credentials:
        config.accessKeyId && config.secretAccessKey
          ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey }
          : undefined,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 3,
    });
  }

  get bucket(): string {
    return this.config.bucket;
  }

  async put(
    key: string,
    body: Buffer | string | Readable,
    options: PutOptions = {},
  ): Promise<ObjectInfo> {
    try {
      if (body instanceof Readable) return await this.putStream(key, body, options);
      const bytes = typeof body === 'string' ? Buffer.from(body) : body;
      const result = await this.client.send(
        new PutObjectCommand({
          Bucket: this.config.bucket,
          Key: key,
          Body: bytes,
          ContentLength: bytes.length,
          ContentType: options.contentType,
          Metadata: options.metadata ? { ...options.metadata } : undefined,
          IfNoneMatch: options.ifNoneMatch,
          IfMatch: options.ifMatch ? `"${stripQuotes(options.ifMatch)}"` : undefined,
        }),
        { abortSignal: options.signal },
      );
      return {
        key,
        size: bytes.length,
        etag: stripQuotes(result.ETag),
        lastModified: new Date(),
        contentType: options.contentType,
        metadata: options.metadata,
      };
    } catch (error) {
      throw mapS3Error(error, `put ${key}`);
    }
  }

  private async putStream(key: string, body: Readable, options: PutOptions): Promise<ObjectInfo> {
    if (options.ifMatch || options.ifNoneMatch) {
      throw new Error('conditional puts take a Buffer, not a stream');
    }
    const upload = new Upload({
      client: this.client,
      params: {
        Bucket: this.config.bucket,
        Key: key,
        Body: body,
        ContentType: options.contentType,
        Metadata: options.metadata ? { ...options.metadata } : undefined,
      },
      partSize: this.config.partSizeBytes ?? DEFAULT_PART_SIZE,
      queueSize: PARTS_IN_FLIGHT,
      leavePartsOnError: false,
    });
    const abort = (): void => void upload.abort();
    options.signal?.addEventListener('abort', abort, { once: true });
    try {
      const result = await upload.done();
      const info = await this.head(key);
      return info ?? { key, size: 0, etag: stripQuotes(result.ETag), lastModified: new Date() };
    } finally {
      options.signal?.removeEventListener('abort', abort);
    }
  }

  async get(key: string): Promise<StoredObject> {
    try {
      const result = await this.client.send(
        new GetObjectCommand({ Bucket: this.config.bucket, Key: key }),
      );
      const body = result.Body as Readable;
      return {
        body,
        info: {
          key,
          size: result.ContentLength ?? 0,
          etag: stripQuotes(result.ETag),
          lastModified: result.LastModified ?? new Date(0),
          contentType: result.ContentType,
          metadata: result.Metadata,
        },
      };
    } catch (error) {
      throw mapS3Error(error, `get ${key}`);
    }
  }

  async getBytes(key: string): Promise<{ bytes: Buffer; info: ObjectInfo }> {
    const { body, info } = await this.get(key);
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of body) chunks.push(chunk as Buffer);
    } catch (error) {
      throw mapS3Error(error, `read ${key}`);
    }
    return { bytes: Buffer.concat(chunks), info };
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    try {
      const result = await this.client.send(
        new HeadObjectCommand({ Bucket: this.config.bucket, Key: key }),
      );
      return {
        key,
        size: result.ContentLength ?? 0,
        etag: stripQuotes(result.ETag),
        lastModified: result.LastModified ?? new Date(0),
        contentType: result.ContentType,
        metadata: result.Metadata,
      };
    } catch (error) {
      const mapped = mapS3Error(error, `head ${key}`);
      if (mapped.name === 'NotFoundError') return undefined;
      throw mapped;
    }
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    let token: string | undefined;
    do {
      let page;
      try {
        page = await this.client.send(
          new ListObjectsV2Command({
            Bucket: this.config.bucket,
            Prefix: prefix,
            ContinuationToken: token,
          }),
        );
      } catch (error) {
        throw mapS3Error(error, `list ${prefix}`);
      }
      for (const item of page.Contents ?? []) {
        if (!item.Key) continue;
        yield {
          key: item.Key,
          size: item.Size ?? 0,
          etag: stripQuotes(item.ETag),
          lastModified: item.LastModified ?? new Date(0),
        };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async copy(fromKey: string, toKey: string): Promise<ObjectInfo> {
    try {
      await this.client.send(
        new CopyObjectCommand({
          Bucket: this.config.bucket,
          Key: toKey,
          CopySource: `${this.config.bucket}/${fromKey.split('/').map(encodeURIComponent).join('/')}`,
        }),
      );
    } catch (error) {
      throw mapS3Error(error, `copy ${fromKey} → ${toKey}`);
    }
    const info = await this.head(toKey);
    if (!info)
      throw mapS3Error({ name: 'NotFound', $metadata: { httpStatusCode: 404 } }, `copy ${toKey}`);
    return info;
  }

  async delete(key: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key: key }));
    } catch (error) {
      throw mapS3Error(error, `delete ${key}`);
    }
  }

  async ping(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.config.bucket }));
    } catch (error) {
      throw mapS3Error(error, `bucket ${this.config.bucket}`);
    }
  }

  /** Creates the bucket when missing (local stack, tests). */
  async ensureBucket(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.config.bucket }));
    } catch {
      try {
        await this.client.send(new CreateBucketCommand({ Bucket: this.config.bucket }));
      } catch (error) {
        const name = (error as { name?: string }).name;
        if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') {
          throw mapS3Error(error, `create bucket ${this.config.bucket}`);
        }
      }
    }
  }

  close(): void {
    this.client.destroy();
  }
}
