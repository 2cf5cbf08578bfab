import { isIPv4, isIPv6 } from 'node:net';

/** What an IP address is, for the SSRF policy: only `public` may be contacted by default. */
export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'unspecified'
  | 'cgnat'
  | 'multicast'
  | 'reserved';

interface Range {
  readonly bytes: readonly number[];
  readonly prefix: number;
  readonly kind: Exclude<AddressClass, 'public'>;
}

const v4 = (dotted: string, prefix: number, kind: Range['kind']): Range => ({
  bytes: dotted.split('.').map(Number),
  prefix,
  kind,
});

const IPV4_RANGES: readonly Range[] = [
  v4('0.0.0.0', 8, 'unspecified'),
  v4('10.0.0.0', 8, 'private'),
  v4('100.64.0.0', 10, 'cgnat'),
  v4('127.0.0.0', 8, 'loopback'),
  v4('169.254.0.0', 16, 'link-local'),
  v4('172.16.0.0', 12, 'private'),
  v4('192.0.0.0', 24, 'reserved'),
  v4('192.0.2.0', 24, 'reserved'),
  v4('192.88.99.0', 24, 'reserved'),
  v4('192.168.0.0', 16, 'private'),
  v4('198.18.0.0', 15, 'reserved'),
  v4('198.51.100.0', 24, 'reserved'),
  v4('203.0.113.0', 24, 'reserved'),
  v4('224.0.0.0', 4, 'multicast'),
  v4('240.0.0.0', 4, 'reserved'),
];

const v6 = (hex: string, prefix: number, kind: Range['kind']): Range => ({
  bytes: ipv6Bytes(hex)!,
  prefix,
  kind,
});

const IPV6_RANGES: readonly Range[] = [
  v6('::', 128, 'unspecified'),
  v6('::1', 128, 'loopback'),
  v6('64:ff9b:1::', 48, 'reserved'),
  v6('100::', 64, 'reserved'),
  v6('2001::', 32, 'reserved'),
  v6('2001:db8::', 32, 'reserved'),
  v6('fc00::', 7, 'private'),
  v6('fe80::', 10, 'link-local'),
  v6('fec0::', 10, 'private'),
  v6('ff00::', 8, 'multicast'),
];

/** IPv6 prefixes that carry an IPv4 address: [prefix bytes, prefix length, offset of the IPv4]. */
const EMBEDDED_V4: readonly {
  bytes: readonly number[];
  prefix: number;
  at: number;
  deprecated?: boolean;
}[] = [
  { bytes: ipv6Bytes('::ffff:0:0')!, prefix: 96, at: 12 }, // IPv4-mapped
  { bytes: ipv6Bytes('64:ff9b::')!, prefix: 96, at: 12 }, // NAT64
  { bytes: ipv6Bytes('::')!, prefix: 96, at: 12, deprecated: true }, // IPv4-compatible
  { bytes: ipv6Bytes('2002::')!, prefix: 16, at: 2 }, // 6to4
];

/** Classifies an IPv4 or IPv6 literal (an IPv6 zone id is ignored); a non-IP is `reserved`. */
export function classifyAddress(address: string): AddressClass {
  const ip = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (isIPv4(ip)) return classifyBytes(ip.split('.').map(Number), IPV4_RANGES);
  const bytes = isIPv6(ip) ? ipv6Bytes(ip) : undefined;
  if (!bytes) return 'reserved';
  const own = classifyBytes(bytes, IPV6_RANGES);
  if (own !== 'public') return own;
  for (const embedding of EMBEDDED_V4) {
    if (!inPrefix(bytes, embedding.bytes, embedding.prefix)) continue;
    const embedded = classifyBytes(bytes.slice(embedding.at, embedding.at + 4), IPV4_RANGES);
    // An IPv4-compatible address is deprecated: never a legitimate public target.
    return embedding.deprecated && embedded === 'public' ? 'reserved' : embedded;
  }
  return 'public';
}

export function isForbiddenAddress(address: string): boolean {
  return classifyAddress(address) !== 'public';
}

function classifyBytes(bytes: readonly number[], ranges: readonly Range[]): AddressClass {
  for (const range of ranges) if (inPrefix(bytes, range.bytes, range.prefix)) return range.kind;
  return 'public';
}

function inPrefix(
  bytes: readonly number[],
  prefixBytes: readonly number[],
  prefix: number,
): boolean {
  for (let bit = 0; bit < prefix; bit += 8) {
    const mask = prefix - bit >= 8 ? 0xff : (0xff << (8 - (prefix - bit))) & 0xff;
    const index = bit / 8;
    if (((bytes[index] ?? 0) & mask) !== ((prefixBytes[index] ?? 0) & mask)) return false;
  }
  return true;
}

/** The 16 bytes of an IPv6 literal (with `::` and a trailing dotted IPv4 allowed). */
export function ipv6Bytes(literal: string): number[] | undefined {
  let text = literal.toLowerCase();
  const tail: number[] = [];
  const dotted = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (dotted) {
    if (!isIPv4(dotted[1]!)) return undefined;
    const [a, b, c, d] = dotted[1]!.split('.').map(Number) as [number, number, number, number];
    tail.push(a, b, c, d);
    text = `${text.slice(0, dotted.index)}0:0`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string | undefined): number[] | undefined => {
    if (!part) return [];
    const out: number[] = [];
    for (const group of part.split(':')) {
      if (!/^[0-9a-f]{1,4}$/.test(group)) return undefined;
      out.push(parseInt(group, 16));
    }
    return out;
  };
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !rest) return undefined;
  const missing = 8 - head.length - rest.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const words = [...head, ...new Array<number>(missing).fill(0), ...rest];
  const bytes = words.flatMap((w) => [w >> 8, w & 0xff]);
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return bytes;
}
