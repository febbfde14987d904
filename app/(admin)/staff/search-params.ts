import { z } from '@/lib/zod';
import { ROLES } from '@/lib/roles';

/** The staff list's URL state; unknown or malformed values fall back to defaults instead of failing. */
export const staffSearchParams = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  role: z.enum(ROLES).optional().catch(undefined),
  status: z.enum(['active', 'inactive']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
});

export type StaffSearch = z.infer<typeof staffSearchParams>;

export function parseStaffSearch(params: Record<string, string | string[] | undefined>): StaffSearch {
  const first = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v || undefined]));
  return staffSearchParams.parse(first);
}

export function staffHref(search: StaffSearch, patch: Partial<StaffSearch> = {}): string {
  const merged = { ...search, ...patch };
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(merged)) if (v !== undefined && v !== '' && !(k === 'page' && v === 1)) qs.set(k, String(v));
  const s = qs.toString();
  return s ? `/staff?${s}` : '/staff';
}
