/** Keys whose values never leave the caller: passwords, tokens, secrets, API keys, cookies and the like. */
const SECRET_KEY = /password|passwd|passphrase|^pass$|^pwd$|token|secret|api[-_]?key|authori[sz]ation|cookie|session[-_]?id|credential|private[-_]?key|^otp$|pin[-_]?code|signature/i;

export const REDACTED = '[REDACTED]';
const MAX_DEPTH = 12;

/**
 * A copy of `value` with every secret-looking key's value replaced, at any depth, in objects and arrays.
 * Cycles and absurd depth are cut rather than followed; the input is never modified.
 */
export function redactSecrets(value: unknown, depth = 0, seen?: WeakSet<object>): unknown {
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
      obj[key] = SECRET_KEY.test(key) ? REDACTED : v !== null && typeof v === 'object' ? redactSecrets(v, depth + 1, (seen ??= new WeakSet<object>().add(value))) : v;
    }
    out = obj;
  }
  if (depth > 0) seen!.delete(value);
  return out;
}
