import { cap, escapeMrkdwn, redactSecrets, safeText, stripUnsafe } from './text-safety';

describe('text safety', () => {
  it('strips control, zero-width and bidi characters and collapses whitespace', () => {
    expect(stripUnsafe('a\u0000b\u001b[31mc\r\nd\u202Ee\u200Bf\uFEFF  g\u0085')).toBe(
      'a b [31mc d e f g',
    );
  });

  it('caps by characters and marks the cut', () => {
    expect(cap('abcdef', 4)).toBe('abc…');
    expect(cap('abc', 4)).toBe('abc');
    expect(cap('😀😀😀😀😀', 3)).toBe('😀😀…');
  });

  it('escapes Slack mrkdwn control characters so names cannot become links or mentions', () => {
    expect(escapeMrkdwn('<!channel> & <https://evil|click>')).toBe(
      '&lt;!channel&gt; &amp; &lt;https://evil|click&gt;',
    );
  });

  it('removes presigned URL signatures, credentials, API keys and bearer tokens', () => {
    const text =
      'GET https://bucket.s3.amazonaws.com/raw/a.csv?X-Amz-Algorithm=AWS4&X-Amz-Signature=deadbeef failed; ' +
      'key trib_orders.AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg; Authorization: Bearer eyJhbGciOi.x.y; ' +
      'https://user:pw@host.example/path; X-Amz-Credential=AKIAABCDEFGHIJKLMNOP/2026; signature=abc';
    const out = redactSecrets(text);
    expect(out).not.toMatch(/deadbeef|AbCdEfGh|eyJhbGciOi|pw@|AKIAABCDEFGHIJKLMNOP|signature=abc/);
    expect(out).toContain('https://bucket.s3.amazonaws.com/raw/a.csv?[redacted]');
    expect(out).toContain('trib_orders.[redacted]');
    expect(out).toContain('Bearer [redacted]');
    expect(out).toContain('https://host.example/path?[redacted]');
  });

  it('removes the deployment secrets it is given, wherever they appear', () => {
    expect(redactSecrets('token=xyz admin-secret-123456 here', ['admin-secret-123456'])).toBe(
      'token=[redacted] [redacted] here',
    );
  });

  it('redacts before capping, so a cut can never leave part of a secret behind', () => {
    const out = safeText(`x trib_src.${'S'.repeat(43)}`, 20);
    expect(out).not.toContain('SSSS');
  });
});
