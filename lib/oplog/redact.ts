/**
 * Secrets never reach the operation log: values are redacted by the name they are stored under (any key whose
 * name has a secret-sounding segment) and by their look (credentials inside any string: Bearer/Basic headers,
 * JWTs, URL userinfo, secret-named query or form parameters, well-known key formats).
 */
export const REDACTED = '[REDACTED]';
const MAX_DEPTH = 12;

/** Key segments (camelCase, snake_case, kebab-case, dotted) that name a secret on their own. */
const SECRET_SEGMENTS = new Set([
  'auth',
  'oauth',
  'authorization',
  'bearer',
  'jwt',
  'key',
  'apikey',
  'cookie',
  'cookies',
  'session',
  'sessionid',
  'sid',
  'credential',
  'credentials',
  'cred',
  'creds',
  'private',
  'signature',
  'sig',
  'token',
  'tokens',
  'secret',
  'secrets',
  'password',
  'passwords',
  'passwd',
  'passphrase',
  'pass',
  'pwd',
  'otp',
  'pin',
  'csrf',
  'xsrf',
  'mfa',
  'totp',
]);
/** One-word compounds ("accesstoken", "phpsessid", "clientsecret") are caught by how they end. */
const SECRET_SUFFIX =
  /(token|secret|password|passwd|apikey|accesskey|privatekey|secretkey|signingkey|sessid|sessionid|cookie|credentials?|signature)$/;

/** Payload key names repeat endlessly; remembering the verdicts keeps redaction off the logger's hot path. */
const verdicts = new Map<string, boolean>();

/** True when a key (object key, query parameter, cookie or header name) names a secret. */
export function isSecretKey(name: string): boolean {
  let verdict = verdicts.get(name);
  if (verdict === undefined) {
    verdict = segmentsNameSecret(name);
    if (verdicts.size >= 5000) verdicts.clear(); // bounded: hostile payloads may invent keys
    verdicts.set(name, verdict);
  }
  return verdict;
}

function segmentsNameSecret(name: string): boolean {
  const segments = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  // The id of one of our API keys (keyId, api_key_id) names which key, not the key: request logs need it. A
  // session id or an access key id stays secret (each is, or is half of, a credential).
  if (OUR_KEY_ID.has(segments.join(' '))) return false;
  return segments.some((s) => SECRET_SEGMENTS.has(s) || SECRET_SUFFIX.test(s));
}
const OUR_KEY_ID = new Set(['key id', 'api key id', 'apikey id']);

// Value patterns. Each keeps the harmless part (scheme, parameter name) so the entry still reads.
const PATTERNS: [RegExp, (...m: string[]) => string][] = [
  // URL userinfo: scheme://user:password@host
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^/\s@?#]+@/gi, (_, scheme) => `${scheme}${REDACTED}@`],
  // Header lines whose whole value is a credential.
  [/\b((?:set-)?cookie\s*:\s*)(?=[^\r\n"]*=)[^\r\n"]+/gi, (_, head) => `${head}${REDACTED}`],
  [
    /\b((?:proxy-)?authorization\s*:\s*)(?!bearer\b|basic\b)((?:token|digest|negotiate|ntlm|apikey)\s+)?([^\s",;]+)/gi,
    (all, head, scheme = '', cred) => (scheme || looksLikeCredential(cred) ? `${head}${scheme}${REDACTED}` : all),
  ],
  // Authorization schemes anywhere in text. A credential has a digit or symbol, or is long: "Bearer of bad news" stays.
  [
    /\b(bearer\s+)([A-Za-z0-9\-._~+/]+=*)/gi,
    (all, head, cred) => (looksLikeCredential(cred) ? `${head}${REDACTED}` : all),
  ],
  [
    /\b(basic\s+)([A-Za-z0-9+/]{6,}={0,2})/gi,
    (all, head, cred) => (isBasicCredential(cred) ? `${head}${REDACTED}` : all),
  ],
  // JWTs (header.payload.signature, base64url, the header always starts with {" → eyJ).
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, () => REDACTED],
  // Well-known key formats: Bobbin's own, Stripe, GitHub, Slack, AWS access key ids, Google API keys.
  [
    /\b(?:bob_[A-Za-z0-9_-]{16,}|[sr]k_(?:live|test)_[A-Za-z0-9]{10,}|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|xox[abpr]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{30,})/g,
    () => REDACTED,
  ],
  // name=value (query strings, form bodies, cookies, log lines) and "name": "value" (JSON inside a string).
  [
    /([A-Za-z_][\w.-]*)(=)([^\s&;,"'#<>()[\]{}`]+)/g,
    (all, name, eq) => (isSecretKey(name) ? `${name}${eq}${REDACTED}` : all),
  ],
  [
    /"([A-Za-z_][\w.-]*)"(\s*:\s*)"((?:[^"\\]|\\.)*)"/g,
    (all, name, sep) => (isSecretKey(name) ? `"${name}"${sep}"${REDACTED}"` : all),
  ],
];

/** Cheap pre-check: most strings (names, ids, status words) contain none of these and skip the patterns. */
const MAYBE_SECRET = /[=@:]|bearer|basic|eyJ|bob_|k_(?:live|test)_|gh[pousr]_|github_pat_|xox[abpr]-|AKIA|AIza/i;

function looksLikeCredential(s: string): boolean {
  return s.length >= 8 && (/[\d\-._~+/=]/.test(s) || s.length >= 20);
}

/** Basic credentials are base64 of "user:password": decode and check rather than guess from the letters. */
function isBasicCredential(s: string): boolean {
  const decoded = Buffer.from(s, 'base64').toString('utf8');
  return decoded.includes(':') && /^[\x20-\x7e]+$/.test(decoded);
}

/** `text` with every credential-looking part replaced; ordinary text comes back unchanged (the same string). */
export function redactText(text: string): string {
  if (text.length < 8 || !MAYBE_SECRET.test(text)) return text;
  let out = text;
  for (const [pattern, replace] of PATTERNS) out = out.replace(pattern, replace as (...args: string[]) => string);
  return out;
}

export function redactNullableText(text: string | null | undefined): string | null {
  return text == null ? null : redactText(text);
}

/**
 * A copy of `value` with every secret-named key's value replaced and every string value passed through
 * redactText, at any depth, in objects and arrays. Cycles and absurd depth are cut rather than followed; the
 * input is never modified.
 */
export function redactSecrets(value: unknown, depth = 0, seen?: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[TRUNCATED]';
  if (value instanceof Date) return value.toISOString();
  // The cycle guard is only needed below the top level; most payloads are flat, so create it lazily.
  if (depth > 0) {
    seen ??= new WeakSet<object>();
    if (seen.has(value)) return '[CIRCULAR]';
    seen.add(value);
  }
  let out: unknown;
  if (Array.isArray(value)) {
    out = value.map((v) => redactSecrets(v, depth + 1, seen));
  } else {
    const obj: Record<string, unknown> = {};
    for (const key in value) {
      if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
      const v = (value as Record<string, unknown>)[key];
      obj[key] = isSecretKey(key)
        ? REDACTED
        : typeof v === 'string'
          ? redactText(v)
          : v !== null && typeof v === 'object'
            ? redactSecrets(v, depth + 1, (seen ??= new WeakSet<object>().add(value)))
            : v;
    }
    out = obj;
  }
  if (depth > 0) seen!.delete(value);
  return out;
}
