import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Source API keys look like `trib_<sourceId>.<secret>`: the source id tells which record to check
 * (so a key of another source is recognised as such), the 256-bit secret is what proves it.
 * Only `sha256$<salt>$<hex>` is stored; comparison is constant-time.
 */
const KEY_PATTERN = /^trib_([a-z0-9][a-z0-9_-]{0,62})\.([A-Za-z0-9_-]{43})$/;

export interface GeneratedKey {
  readonly apiKey: string;
  readonly hash: string;
  readonly prefix: string;
}

function digest(salt: string, secret: string): Buffer {
  return createHash('sha256').update(salt).update(':').update(secret).digest();
}

export function generateApiKey(sourceId: string): GeneratedKey {
  const secret = randomBytes(32).toString('base64url');
  const salt = randomBytes(16).toString('base64url');
  return {
    apiKey: `trib_${sourceId}.${secret}`,
    hash: `sha256$${salt}$${digest(salt, secret).toString('hex')}`,
    prefix: `trib_${sourceId}.${secret.slice(0, 4)}`,
  };
}

export function parseApiKey(apiKey: string): { sourceId: string; secret: string } | undefined {
  const match = KEY_PATTERN.exec(apiKey);
  return match ? { sourceId: match[1]!, secret: match[2]! } : undefined;
}

export function verifyApiKey(secret: string, storedHash: string): boolean {
  const [scheme, salt, hex] = storedHash.split('$');
  if (scheme !== 'sha256' || !salt || !hex) return false;
  const expected = Buffer.from(hex, 'hex');
  const actual = digest(salt, secret);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Constant-time comparison of two secrets of possibly different lengths. */
export function secretsEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}

export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value ?? '');
  return match?.[1];
}
