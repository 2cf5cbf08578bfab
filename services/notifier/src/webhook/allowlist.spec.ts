import { Allowlist, canonicalHost, parseAllowlistEntry } from './allowlist';

describe('parseAllowlistEntry', () => {
  it.each([
    ['hooks.example.com', { host: 'hooks.example.com', wildcard: false, port: null }],
    ['Hooks.Example.COM:8443', { host: 'hooks.example.com', wildcard: false, port: 8443 }],
    ['*.example.com', { host: 'example.com', wildcard: true, port: null }],
    ['*.example.com:443', { host: 'example.com', wildcard: true, port: 443 }],
    ['127.0.0.1:9000', { host: '127.0.0.1', wildcard: false, port: 9000 }],
    ['[::1]:9000', { host: '::1', wildcard: false, port: 9000 }],
    ['::1', { host: '::1', wildcard: false, port: null }],
    ['[::1]', { host: '::1', wildcard: false, port: null }],
    ['example.com.', { host: 'example.com', wildcard: false, port: null }],
  ])('%s', (raw, expected) => {
    expect(parseAllowlistEntry(raw)).toEqual(expected);
  });

  it.each([
    '*',
    '*.',
    'a.*.example.com',
    'example.com:0',
    'example.com:70000',
    'exa mple.com',
    'http://x',
    '*.10.0.0.1',
    'host:port',
  ])('rejects %s', (raw) => {
    expect(() => parseAllowlistEntry(raw)).toThrow();
  });
});

describe('canonicalHost', () => {
  it('canonicalises numeric IPv4 spellings the way URL parsing does', () => {
    expect(canonicalHost('2130706433')).toBe('127.0.0.1');
    expect(canonicalHost('0x7f.1')).toBe('127.0.0.1');
    expect(canonicalHost('[0:0:0:0:0:0:0:1]')).toBe('::1');
    expect(canonicalHost('EXAMPLE.com.')).toBe('example.com');
  });
});

describe('Allowlist', () => {
  const list = Allowlist.parse([
    'hooks.slack.com',
    '*.example.com',
    'api.partner.io:8443',
    '127.0.0.1:9000',
    '10.0.0.1',
  ]);

  it('allows listed hosts, subdomains of wildcards, and only the listed port when one is given', () => {
    expect(list.allowsHost('hooks.slack.com', 443)).toBe(true);
    expect(list.allowsHost('a.example.com', 443)).toBe(true);
    expect(list.allowsHost('a.b.example.com', 80)).toBe(true);
    expect(list.allowsHost('example.com', 443)).toBe(false);
    expect(list.allowsHost('evilexample.com', 443)).toBe(false);
    expect(list.allowsHost('api.partner.io', 8443)).toBe(true);
    expect(list.allowsHost('api.partner.io', 443)).toBe(false);
    expect(list.allowsHost('127.0.0.1', 9000)).toBe(true);
    expect(list.allowsHost('127.0.0.1', 9001)).toBe(false);
  });

  it('names an address only by an exact IP literal with its port', () => {
    expect(list.namesAddress('127.0.0.1', 9000)).toBe(true);
    expect(list.namesAddress('127.0.0.1', 9001)).toBe(false);
    expect(list.namesAddress('10.0.0.1', 80)).toBe(false);
    expect(list.namesAddress('::ffff:127.0.0.1', 9000)).toBe(false);
  });
});
