import { defineParams, field, type RawParams } from '../url-state';
import { z } from '../zod';

/** The responses table's filter, in the URL; the same parser serves the page and the CSV export. */
export type ResponseFilter = {
  from?: string;
  to?: string;
  version?: number;
  question?: string;
  answer?: string;
  email?: string;
  page: number;
  /** Submitted time, newest (default) or oldest first: survey_responses_survey_idx serves both ways. */
  dir?: 'asc' | 'desc';
};

/** The filter's URL params on the one URL-state layer (lib/url-state.ts): invalid values fall back, never throw. */
export const responseFields = {
  from: field.date(),
  to: field.date(),
  version: z.coerce.number().int().min(1).max(100000),
  question: z.string().regex(/^[a-z0-9_-]{1,40}$/i),
  answer: field.text(120),
  email: field.text(254),
};

export const responseParams = defineParams({ ...responseFields, page: field.page() });

/** The URL's params with the form's one "answered" select (`qa=<question>:<answer>`) as its two parts. */
export function withAnswered(params: RawParams): URLSearchParams {
  const raw = new URLSearchParams(
    params instanceof URLSearchParams
      ? params
      : Object.entries(params).flatMap(([k, v]) =>
          v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((one) => [k, one]),
        ),
  );
  // Links and the export use the two parts.
  const qa = raw.get('qa');
  raw.delete('qa');
  if (qa?.includes(':')) {
    raw.set('question', qa.slice(0, qa.indexOf(':')));
    raw.set('answer', qa.slice(qa.indexOf(':') + 1));
  }
  return raw;
}

export function parseResponseFilter(params: RawParams): ResponseFilter {
  const { values } = responseParams.parse(withAnswered(params));
  return { ...values, page: values.page ?? 1 };
}

/** The query string of a filter (page left out unless asked), for links and the export URL. */
export function filterQuery(f: Partial<ResponseFilter>, withPage = false): string {
  const s = responseParams.query({ ...f, page: withPage && f.page && f.page > 1 ? f.page : undefined });
  return s ? `?${s}` : '';
}
