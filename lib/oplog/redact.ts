/** Keys whose values never leave the caller: passwords, tokens, secrets, API keys, cookies and the like. */
const SECRET_KEY = /password|passwd|passphrase|^pass$|^pwd$|token|secret|api[-_]?key|authori[sz]ation|cookie|session[-_]?id|credential|private[-_]?key|^otp$|pin[-_]?code|signature/i;

export const REDACTED = '[REDACTED]';
const MAX_DEPTH = 12;

/**
 * A copy of `value` with every secret-looking key's value replaced, at any depth, in objects and arrays.
 * Cycles and absurd depth are cut rather than followed; the input is never modified.
 */
export function redactSecrets(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[TRUNCATED]';
  if (seen.has(value)) return '[CIRCULAR]';
  seen.add(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) ? REDACTED : redactSecrets(v, depth + 1, seen);
  }
  seen.delete(value);
  return out;
}
