/** Field-level change: [before, after]. `null` on one side for created or removed values. */
export type AuditChanges = Record<string, [unknown, unknown]>;

/** Fields never written to the audit log, whatever the entity. */
const HIDDEN = new Set(['passwordHash', 'password', 'password_hash', 'token', 'secret', 'apiKey', 'keyHash']);
const REDACTED = '[redacted]';
/** Bookkeeping that changes on every save and says nothing to a reader. */
const IGNORED = new Set(['updatedAt', 'version']);

function normalise(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  return value === undefined ? null : value;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The fields that differ between two snapshots of a record. Pass `null` as `before` for a creation and as
 * `after` for a deletion. Secret fields show only that they changed.
 */
export function diffRecords(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): AuditChanges {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const changes: AuditChanges = {};
  for (const key of [...keys].sort()) {
    if (IGNORED.has(key)) continue;
    const from = normalise(before?.[key]);
    const to = normalise(after?.[key]);
    if (same(from, to)) continue;
    changes[key] = HIDDEN.has(key) ? [before ? REDACTED : null, after ? REDACTED : null] : [from, to];
  }
  return changes;
}
