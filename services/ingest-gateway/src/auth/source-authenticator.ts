import { Inject, Injectable } from '@nestjs/common';
import type { SourceRecord } from '@tributary/contracts';
import { SourceRepository } from '@tributary/metadata';
import { problem } from '@tributary/platform';
import { bearerToken, parseApiKey, verifyApiKey } from './api-key';

const CACHE_TTL_MS = 2_000;

/** Checks a source key: 401 when missing or wrong, 403 when it belongs to another source. */
@Injectable()
export class SourceAuthenticator {
  private readonly cache = new Map<string, { at: number; source: SourceRecord | undefined }>();

  constructor(@Inject(SourceRepository) private readonly sources: SourceRepository) {}

  async authenticate(
    authorization: string | string[] | undefined,
    sourceId: string,
  ): Promise<SourceRecord> {
    const token = bearerToken(authorization);
    if (!token)
      throw problem.unauthorized('missing bearer token: send Authorization: Bearer <source key>');
    const parsed = parseApiKey(token);
    if (!parsed) throw problem.unauthorized('malformed source key');
    const keyOwner = await this.load(parsed.sourceId);
    if (!keyOwner || !verifyApiKey(parsed.secret, keyOwner.apiKeyHash)) {
      throw problem.unauthorized('invalid source key');
    }
    if (keyOwner.sourceId !== sourceId) {
      throw problem.forbidden(`this key belongs to another source and cannot act on ${sourceId}`);
    }
    return keyOwner;
  }

  /** Forget a source after its key or settings changed. */
  invalidate(sourceId: string): void {
    this.cache.delete(sourceId);
  }

  private async load(sourceId: string): Promise<SourceRecord | undefined> {
    const cached = this.cache.get(sourceId);
    if (cached && Date.now() - cached.at < CACHE_TTL_MS) return cached.source;
    const source = (await this.sources.get(sourceId))?.record;
    this.cache.set(sourceId, { at: Date.now(), source });
    return source;
  }
}
