import { Allowlist } from './allowlist';
import { parseTarget, TargetPolicy } from './target-policy';

describe('TargetPolicy', () => {
  const policy = new TargetPolicy(
    Allowlist.parse([
      '127.0.0.1:9000',
      'hooks.example.com',
      '169.254.169.254',
      '10.0.0.1',
      '[::1]',
      'localhost:9001',
      'relay.internal:8080',
      '10.1.2.3:8080',
    ]),
  );

  it('allows an allowlisted public name before resolution', () => {
    const verdict = policy.checkUrl('https://hooks.example.com/services/T0/B0/secret');
    expect(verdict).toMatchObject({ allowed: true, target: { display: 'hooks.example.com:443' } });
  });

  it('refuses a host that is not allowlisted, naming only host and port', () => {
    const verdict = policy.checkUrl('https://other.example.org/hook?token=abc');
    expect(verdict).toEqual({
      allowed: false,
      reason: 'other.example.org:443 is not in WEBHOOK_ALLOWLIST',
      display: 'other.example.org:443',
    });
  });

  it('allows a loopback address when an entry names exactly that IP and port', () => {
    expect(policy.checkUrl('http://127.0.0.1:9000/hook').allowed).toBe(true);
  });

  it.each([
    ['http://127.0.0.1:9999/', /not in WEBHOOK_ALLOWLIST/],
    [
      'http://169.254.169.254/latest/meta-data/',
      /169\.254\.169\.254 \(link-local address\) is refused/,
    ],
    ['http://10.0.0.1/', /10\.0\.0\.1 \(private address\) is refused/],
    ['http://[::1]/', /::1 \(loopback address\) is refused/],
    ['http://2130706433:9000/', /allowed/],
    ['http://[::ffff:127.0.0.1]:9000/', /not in WEBHOOK_ALLOWLIST/],
    ['ftp://hooks.example.com/', /not an http\(s\) URL/],
    ['not a url', /not an http\(s\) URL/],
  ])('%s → %s', (url, expected) => {
    const verdict = policy.checkUrl(url);
    if (verdict.allowed) expect('allowed').toMatch(expected);
    else expect(verdict.reason).toMatch(expected);
  });

  it('refuses a name whose addresses include a forbidden one, unless that IP:port is named', () => {
    const local = parseTarget('http://localhost:9001/')!;
    expect(policy.checkAddresses(local, [{ address: '127.0.0.1', family: 4 }])).toEqual({
      allowed: false,
      reason:
        'localhost resolves to 127.0.0.1 (loopback address) is refused: only an allowlist entry naming that IP and port 9001 permits it',
    });
    const relay = parseTarget('http://relay.internal:8080/')!;
    expect(policy.checkAddresses(relay, [{ address: '10.1.2.3', family: 4 }]).allowed).toBe(true);
    const rebind = parseTarget('https://hooks.example.com/')!;
    expect(
      policy.checkAddresses(rebind, [
        { address: '93.184.216.34', family: 4 },
        { address: '::ffff:169.254.169.254', family: 6 },
      ]).allowed,
    ).toBe(false);
    expect(policy.checkAddresses(rebind, []).allowed).toBe(false);
  });

  describe('WEBHOOK_PRIVATE_HOSTS (a named in-network relay)', () => {
    const inNetwork = new TargetPolicy(
      Allowlist.parse(['webhook-sink:8080', 'relay.svc:9000', 'other:8080']),
      Allowlist.parse(['webhook-sink:8080', 'relay.svc:9000']),
    );
    const sink = parseTarget('http://webhook-sink:8080/alerts')!;

    it('lets a listed name resolve to a private address', () => {
      expect(inNetwork.checkAddresses(sink, [{ address: '172.19.0.2', family: 4 }]).allowed).toBe(
        true,
      );
      expect(
        inNetwork.checkAddresses(parseTarget('http://relay.svc:9000/')!, [
          { address: 'fd00::5', family: 6 },
        ]).allowed,
      ).toBe(true);
    });

    it('never lets it reach loopback, link-local or another port', () => {
      expect(inNetwork.checkAddresses(sink, [{ address: '127.0.0.1', family: 4 }]).allowed).toBe(
        false,
      );
      expect(
        inNetwork.checkAddresses(sink, [{ address: '169.254.169.254', family: 4 }]).allowed,
      ).toBe(false);
      const otherPort = parseTarget('http://webhook-sink:8081/')!;
      expect(
        inNetwork.checkAddresses(otherPort, [{ address: '172.19.0.2', family: 4 }]).allowed,
      ).toBe(false);
    });

    it('does not extend to names it does not list, and says how to allow one', () => {
      const verdict = inNetwork.checkAddresses(parseTarget('http://other:8080/')!, [
        { address: '10.0.0.9', family: 4 },
      ]);
      expect(verdict).toEqual({
        allowed: false,
        reason:
          'other resolves to 10.0.0.9 (private address) is refused: only an allowlist entry naming that IP and port 8080 permits it, or other:8080 in WEBHOOK_PRIVATE_HOSTS',
      });
    });
  });
});
