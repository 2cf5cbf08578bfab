import { isIP } from 'node:net';

/** One `WEBHOOK_ALLOWLIST` entry: `host`, `host:port`, `*.domain[:port]`, `ip[:port]`, `[v6][:port]`. */
export interface AllowlistEntry {
  /** Canonical host (IPv6 without brackets); for a wildcard, the domain after `*.`. */
  readonly host: string;
  readonly wildcard: boolean;
  /** null: any port. */
  readonly port: number | null;
}

/**
 * A canonical host as WHATWG URL parsing gives it (lowercase, punycode, IPv4 in dotted form even
 * when written as `0x7f.1` or `2130706433`), IPv6 without brackets, no trailing dot.
 */
export function canonicalHost(host: string): string | undefined {
  const bare = host.replace(/^\[|\]$/g, '');
  const literal = isIP(bare) === 6 ? `[${bare}]` : bare;
  try {
    const parsed = new URL(`http://${literal}/`).hostname;
    return parsed.replace(/^\[|\]$/g, '').replace(/\.$/, '') || undefined;
  } catch {
    return undefined;
  }
}

export function parseAllowlistEntry(raw: string): AllowlistEntry {
  const text = raw.trim().toLowerCase();
  let host: string;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) {
    host = bracketed[1]!;
    portText = bracketed[2];
  } else if ((text.match(/:/g) ?? []).length >= 2) {
    host = text;
  } else {
    const colon = text.lastIndexOf(':');
    host = colon >= 0 ? text.slice(0, colon) : text;
    portText = colon >= 0 ? text.slice(colon + 1) : undefined;
  }
  const wildcard = host.startsWith('*.');
  const domain = wildcard ? host.slice(2) : host;
  if (domain.includes('*')) throw new Error(`"${raw}": only a leading "*." wildcard is allowed`);
  const canonical = canonicalHost(domain);
  if (!canonical || /[/?#@\s]/.test(domain)) throw new Error(`"${raw}" is not a host`);
  if (wildcard && isIP(canonical) !== 0) throw new Error(`"${raw}": a wildcard needs a domain`);
  let port: number | null = null;
  if (portText !== undefined) {
    port = Number(portText);
    if (!/^\d{1,5}$/.test(portText) || port < 1 || port > 65535) {
      throw new Error(`"${raw}": port must be 1..65535`);
    }
  }
  return { host: canonical, wildcard, port };
}

/** The configured webhook targets; everything not named here is refused. */
export class Allowlist {
  constructor(readonly entries: readonly AllowlistEntry[]) {}

  static parse(raw: readonly string[]): Allowlist {
    return new Allowlist(raw.map(parseAllowlistEntry));
  }

  /** Whether a canonical host and port may be addressed at all. */
  allowsHost(host: string, port: number): boolean {
    return this.entries.some(
      (e) =>
        (e.port === null || e.port === port) &&
        (e.wildcard ? host.endsWith(`.${e.host}`) : host === e.host),
    );
  }

  /**
   * Whether an entry names exactly this IP literal and port: the only way a loopback, private or
   * link-local address may be contacted (a local test receiver, an in-cluster relay).
   */
  namesAddress(ip: string, port: number): boolean {
    const canonical = canonicalHost(ip);
    return this.entries.some((e) => !e.wildcard && e.port === port && e.host === canonical);
  }
}
