/**
 * Alert text comes partly from what sources control (field names, file names, parser messages).
 * Before it reaches a chat channel it is cleaned (no control, bidi or zero-width characters),
 * stripped of anything that looks like a credential or a presigned URL, and capped.
 */

// Controls (C0, C1) and invisible format characters: zero-width, bidi overrides/isolates, BOM.
const UNSAFE_CHARACTERS = /[\p{Cc}\p{Cf}]/gu;

const URL_PATTERN = /\bhttps?:\/\/[^\s"'<>]+/gi;
const API_KEY_PATTERN = /\b(trib_[a-z0-9][a-z0-9_-]{0,62})\.[A-Za-z0-9_-]{8,}/g;
const BEARER_PATTERN = /\b(bearer)\s+[A-Za-z0-9._~+/=-]+/gi;
const AWS_ACCESS_KEY_PATTERN = /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g;
const SIGNATURE_PARAM_PATTERN =
  /\b(x-amz-(?:signature|credential|security-token)|signature|sig|token|access_token|api_key|apikey)=[^\s&"']+/gi;

export const REDACTED = '[redacted]';

/** Removes control and invisible formatting characters; collapses whitespace to single spaces. */
export function stripUnsafe(text: string): string {
  return text.replace(UNSAFE_CHARACTERS, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * Removes credentials: URLs keep their origin and path but lose user info, query and fragment
 * (presigned URLs carry their signature there); API keys, bearer tokens, AWS key ids and the
 * given secrets (admin token, signing secret) are replaced.
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 8) out = out.split(secret).join(REDACTED);
  }
  return out
    .replace(URL_PATTERN, redactUrl)
    .replace(SIGNATURE_PARAM_PATTERN, (_m, name: string) => `${name}=${REDACTED}`)
    .replace(API_KEY_PATTERN, (_m, prefix: string) => `${prefix}.${REDACTED}`)
    .replace(BEARER_PATTERN, (_m, word: string) => `${word} ${REDACTED}`)
    .replace(AWS_ACCESS_KEY_PATTERN, REDACTED);
}

function redactUrl(match: string): string {
  // Sentence punctuation right after a URL is not part of it.
  const trailing = /[.,;:!?)\]}]+$/.exec(match)?.[0] ?? '';
  const raw = match.slice(0, match.length - trailing.length);
  return `${redactUrlText(raw)}${trailing}`;
}

function redactUrlText(raw: string): string {
  try {
    const url = new URL(raw);
    const hadExtra =
      url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '';
    return `${url.protocol}//${url.host}${url.pathname}${hadExtra ? `?${REDACTED}` : ''}`;
  } catch {
    return REDACTED;
  }
}

/** Caps to `max` characters (code points), marking the cut. */
export function cap(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** The one entry point for source-controlled text: clean, redact, then cap. */
export function safeText(text: string, max: number, secrets: readonly string[] = []): string {
  return cap(redactSecrets(stripUnsafe(text), secrets), max);
}

/** Slack mrkdwn: `&`, `<` and `>` are control characters (links, mentions such as <!channel>). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
