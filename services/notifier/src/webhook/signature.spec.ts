import { createHmac } from 'node:crypto';
import { signBody, verifySignature } from './signature';

describe('webhook signature', () => {
  const secret = 'a-signing-secret-of-at-least-32-chars';
  const body = '{"kind":"drift-detected"}';

  it('is t=<unix>,v1=<HMAC-SHA256 of "<t>.<body>">', () => {
    const header = signBody(secret, body, 1_700_000_000);
    const expected = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
    expect(header).toBe(`t=1700000000,v1=${expected}`);
  });

  it('verifies within the tolerance and rejects old, altered or foreign signatures', () => {
    const header = signBody(secret, body, 1_700_000_000);
    expect(verifySignature(secret, header, body, 1_700_000_100)).toBe(true);
    expect(verifySignature(secret, header, body, 1_700_000_400)).toBe(false);
    expect(verifySignature(secret, header, `${body} `, 1_700_000_000)).toBe(false);
    expect(
      verifySignature('another-secret-of-at-least-32-chars!!', header, body, 1_700_000_000),
    ).toBe(false);
    expect(verifySignature(secret, undefined, body, 1_700_000_000)).toBe(false);
    expect(verifySignature(secret, 't=1700000000,v1=zz', body, 1_700_000_000)).toBe(false);
  });
});
