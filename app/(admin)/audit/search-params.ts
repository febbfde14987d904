import { z } from '@/lib/zod';
import { AUDIT_ENTITY_TYPES } from '@/lib/audit/entities';
import type { AuditFilter } from '@/db/queries/audit';

const day = z.iso.date().optional().catch(undefined);
const schema = z.object({
  entity: z.enum(AUDIT_ENTITY_TYPES).optional().catch(undefined),
  actor: z.uuid().optional().catch(undefined),
  from: day,
  to: day,
  before: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional().catch(undefined),
});
export type AuditParams = z.output<typeof schema>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

/**
 * The audit page's filter from the URL. Anything unparseable falls back to its default (no filter) rather than
 * failing the page; a range given backwards is swapped, so "from 10th to 3rd" still means those days.
 */
export function parseAuditParams(p: Record<string, string | string[] | undefined>): AuditParams {
  const parsed = schema.parse({
    entity: first(p.entity),
    actor: first(p.actor),
    from: first(p.from),
    to: first(p.to),
    before: first(p.before),
  });
  if (parsed.from && parsed.to && parsed.from > parsed.to) return { ...parsed, from: parsed.to, to: parsed.from };
  return parsed;
}

/** The query's filter: whole UTC days, `to` inclusive. */
export function auditFilterOf(p: AuditParams): AuditFilter {
  const until = p.to ? new Date(Date.parse(`${p.to}T00:00:00Z`) + 86_400_000) : undefined;
  return {
    entityType: p.entity,
    actorId: p.actor,
    from: p.from ? new Date(`${p.from}T00:00:00Z`) : undefined,
    until,
    before: p.before,
  };
}

/** The page's address for `p` ("/audit" with only the set parameters). */
export function auditHref(p: Partial<AuditParams>): string {
  const q = new URLSearchParams();
  for (const k of ['entity', 'actor', 'from', 'to', 'before'] as const) if (p[k] !== undefined) q.set(k, String(p[k]));
  const s = q.toString();
  return s ? `/audit?${s}` : '/audit';
}
