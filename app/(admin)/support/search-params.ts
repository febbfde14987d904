import { parseTimeCursor } from '@/lib/validation';
import { z } from '@/lib/zod';
import { OP_STATUSES, OPERATION_TYPES } from '@/lib/oplog/rules';

type Params = Record<string, string | string[] | undefined>;
const first = (p: Params) =>
  Object.fromEntries(Object.entries(p).map(([k, v]) => [k, (Array.isArray(v) ? v[0] : v) || undefined]));

export { RANGES, RANGE_LABELS } from '@/lib/lists/support';

const errorType = z
  .string()
  .trim()
  .regex(/^[A-Z_]{2,64}$/)
  .optional()
  .catch(undefined);

/** User page URL state: the range and the timeline filters and cursor. */
export const userParams = z.object({
  account: z.string().trim().max(128).optional().catch(undefined),
  range: z.enum(['24h', '7d', '30d']).default('7d').catch('7d'),
  op: z.enum(OPERATION_TYPES).optional().catch(undefined),
  status: z.enum(OP_STATUSES).optional().catch(undefined),
  error: errorType,
  proxy: z.string().trim().max(128).optional().catch(undefined),
  /** Cursor: `<ISO time>_<id>` of the last row shown. */
  before: z
    .string()
    .refine((v) => parseTimeCursor(v) !== undefined)
    .optional()
    .catch(undefined),
});
export type UserSearch = z.infer<typeof userParams>;
export const parseUserSearch = (p: Params) => userParams.parse(first(p));

export function toQuery(values: Record<string, string | number | undefined>): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `?${s}` : '';
}
