import { isIP } from 'node:net';
import { classifyAddress } from './address-classification';
import { Allowlist, canonicalHost } from './allowlist';

/** A webhook URL split into what the policy and the client need. */
export interface WebhookTarget {
  readonly url: URL;
  readonly protocol: 'http:' | 'https:';
  /** Canonical host: IPv6 without brackets. */
  readonly host: string;
  readonly port: number;
  /** `host:port` as shown in logs and the delivery log: never the path, query or credentials. */
  readonly display: string;
  readonly isIpLiteral: boolean;
}

export type TargetVerdict =
  | { readonly allowed: true; readonly target: WebhookTarget }
  | { readonly allowed: false; readonly reason: string; readonly display: string };

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

export type AddressVerdict =
  | { readonly allowed: true; readonly addresses: readonly ResolvedAddress[] }
  | { readonly allowed: false; readonly reason: string };

/** host[:port] of any URL text, for display; never throws. */
export function displayTarget(url: string): string {
  try {
    return new URL(url).host || '(none)';
  } catch {
    return '(invalid URL)';
  }
}

export function parseTarget(raw: string | URL): WebhookTarget | undefined {
  let url: URL;
  try {
    url = typeof raw === 'string' ? new URL(raw) : raw;
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const host = canonicalHost(url.hostname);
  if (!host) return undefined;
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  const isIpLiteral = isIP(host) !== 0;
  return {
    url,
    protocol: url.protocol,
    host,
    port,
    display: `${isIP(host) === 6 ? `[${host}]` : host}:${port}`,
    isIpLiteral,
  };
}

/**
 * The SSRF policy. A target must be on the allowlist; independently, an address that is not
 * public (loopback, private, link-local, CGNAT, multicast, …, also inside IPv4-mapped IPv6) is
 * refused unless an allowlist entry names that exact IP literal and port, or (private addresses
 * only: never loopback or link-local) the target's name and port are in `privateHosts`.
 */
export class TargetPolicy {
  constructor(
    private readonly allowlist: Allowlist,
    private readonly privateHosts: Allowlist = new Allowlist([]),
  ) {}

  /** What can be decided from the URL alone (before any DNS). */
  checkUrl(raw: string | URL): TargetVerdict {
    const target = parseTarget(raw);
    if (!target) {
      const display = typeof raw === 'string' ? displayTarget(raw) : raw.host;
      return { allowed: false, reason: 'not an http(s) URL', display };
    }
    if (!this.allowlist.allowsHost(target.host, target.port)) {
      return {
        allowed: false,
        reason: `${target.display} is not in WEBHOOK_ALLOWLIST`,
        display: target.display,
      };
    }
    if (target.isIpLiteral) {
      const verdict = this.checkAddresses(target, [
        { address: target.host, family: isIP(target.host) === 6 ? 6 : 4 },
      ]);
      if (!verdict.allowed)
        return { allowed: false, reason: verdict.reason, display: target.display };
    }
    return { allowed: true, target };
  }

  /** Checks the addresses a name resolved to: every one must pass, or the target is refused. */
  checkAddresses(target: WebhookTarget, addresses: readonly ResolvedAddress[]): AddressVerdict {
    if (addresses.length === 0) return { allowed: false, reason: `${target.host} has no address` };
    for (const { address } of addresses) {
      const kind = classifyAddress(address);
      if (kind === 'public' || this.allowlist.namesAddress(address, target.port)) continue;
      if (kind === 'private' && !target.isIpLiteral && this.namesPrivateHost(target)) continue;
      const via = target.isIpLiteral ? '' : `${target.host} resolves to `;
      return {
        allowed: false,
        reason: `${via}${address} (${kind} address) is refused: only an allowlist entry naming that IP and port ${target.port} permits it${kind === 'private' && !target.isIpLiteral ? `, or ${target.display} in WEBHOOK_PRIVATE_HOSTS` : ''}`,
      };
    }
    return { allowed: true, addresses };
  }

  private namesPrivateHost(target: WebhookTarget): boolean {
    return this.privateHosts.entries.some(
      (e) => !e.wildcard && e.host === target.host && e.port === target.port,
    );
  }
}
