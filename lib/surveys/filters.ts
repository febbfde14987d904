import { z } from '../zod';
import { calendarDay } from '../validation';

/** The responses table's filter, in the URL; the same parser serves the page and the CSV export. */
export type ResponseFilter = {
  from?: string;
  to?: string;
  version?: number;
  question?: string;
  answer?: string;
  email?: string;
  page: number;
};

const day = calendarDay.optional().catch(undefined);
const schema = z.object({
  from: day,
  to: day,
  version: z.coerce.number().int().min(1).max(100000).optional().catch(undefined),
  question: z
    .string()
    .regex(/^[a-z0-9_-]{1,40}$/i)
    .optional()
    .catch(undefined),
  answer: z.string().trim().min(1).max(120).optional().catch(undefined),
  email: z.string().trim().min(1).max(254).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10000).catch(1),
});

type Params = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export function parseResponseFilter(params: Params | URLSearchParams): ResponseFilter {
  const get = (k: string) => (params instanceof URLSearchParams ? (params.get(k) ?? undefined) : first(params[k]));
  // The form's one "answered" select sends `qa=<question>:<answer>`; links and the export use the two parts.
  const qa = get('qa');
  const [qaQuestion, qaAnswer] =
    qa && qa.includes(':') ? [qa.slice(0, qa.indexOf(':')), qa.slice(qa.indexOf(':') + 1)] : [undefined, undefined];
  const parsed = schema.parse({
    from: get('from'),
    to: get('to'),
    version: get('version'),
    question: qaQuestion ?? get('question'),
    answer: qaAnswer ?? get('answer'),
    email: get('email'),
    page: get('page') ?? 1,
  });
  return Object.fromEntries(Object.entries(parsed).filter(([, v]) => v !== undefined)) as ResponseFilter;
}

/** The query string of a filter (page left out unless asked), for links and the export URL. */
export function filterQuery(f: Partial<ResponseFilter>, withPage = false): string {
  const q = new URLSearchParams();
  for (const k of ['from', 'to', 'version', 'question', 'answer', 'email'] as const)
    if (f[k] !== undefined) q.set(k, String(f[k]));
  if (withPage && f.page && f.page > 1) q.set('page', String(f.page));
  const s = q.toString();
  return s ? `?${s}` : '';
}
