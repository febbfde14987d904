import { z } from '@/lib/zod';
import type { CustomerFilter } from '@/db/queries/customers';

const text = z.string().trim().min(1).max(120).optional().catch(undefined);
const schema = z.object({ size: z.string().regex(/^(tops|bottoms|shoes):[A-Za-z0-9-]{1,10}$/).optional().catch(undefined), style: text, colour: text, q: text, page: z.coerce.number().int().min(1).max(10000).catch(1) });
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

/** The profile list's filter from the URL ("size" is "garment:code", e.g. tops:M). */
export function parseCustomerParams(p: Record<string, string | string[] | undefined>): CustomerFilter {
  return schema.parse({ size: first(p.size), style: first(p.style), colour: first(p.colour), q: first(p.q), page: first(p.page) ?? 1 });
}

export function customerQuery(f: Partial<CustomerFilter>): string {
  const q = new URLSearchParams();
  for (const k of ['size', 'style', 'colour', 'q'] as const) if (f[k]) q.set(k, f[k]!);
  if (f.page && f.page > 1) q.set('page', String(f.page));
  const s = q.toString();
  return s ? `?${s}` : '';
}
