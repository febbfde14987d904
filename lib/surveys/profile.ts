import type { Question, SurveyDefinition } from './questions';
import type { Answers } from './logic';
import type { GarmentType } from './size-chart';

/** Where a profile value came from. */
export type Provenance = { surveyId: string; surveyTitle: string; versionId: string; responseId: string; at: string };
export type Sourced<T> = { value: T; source: Provenance };

/**
 * A customer's preferences. Single-valued fields (a size per garment type, fit, budget): the latest answer
 * wins. Multi-valued fields (styles, colours): the most recent distinct values, newest first, capped.
 */
export type Preferences = {
  sizes: Partial<Record<GarmentType, Sourced<string>>>;
  fit?: Sourced<string>;
  budget?: Sourced<string>;
  styles: Sourced<string>[];
  colours: Sourced<string>[];
};

export const MULTI_KEEP = 6;

export const emptyPreferences = (): Preferences => ({ sizes: {}, styles: [], colours: [] });

/** Values a response contributes to the profile, per mapped question, as display labels (sizes as codes). */
function contributions(def: SurveyDefinition, answers: Answers): { q: Question; values: string[] }[] {
  const out: { q: Question; values: string[] }[] = [];
  for (const q of def.questions) {
    const value = answers[q.id];
    if (!q.profileField || value === undefined) continue;
    const raw = Array.isArray(value) ? value : [String(value)];
    const values = 'options' in q ? raw.map((id) => q.options.find((o) => o.id === id)?.label ?? id) : raw;
    if (values.length) out.push({ q, values });
  }
  return out;
}

/**
 * Merges one response into a profile. A response older than a field's current source does not override it
 * (answers can arrive out of order); multi-valued fields keep the MULTI_KEEP newest distinct values.
 */
export function mergePreferences(current: Preferences, def: SurveyDefinition, answers: Answers, source: Provenance): Preferences {
  const next: Preferences = { sizes: { ...current.sizes }, fit: current.fit, budget: current.budget, styles: [...current.styles], colours: [...current.colours] };
  const newer = (old?: Sourced<unknown>) => !old || old.source.at <= source.at;
  for (const { q, values } of contributions(def, answers)) {
    const field = q.profileField!;
    if (field === 'size' && q.type === 'size') {
      if (newer(next.sizes[q.garment])) next.sizes[q.garment] = { value: values[0]!, source };
    } else if (field === 'fit' || field === 'budget') {
      if (newer(next[field])) next[field] = { value: values.join(', '), source };
    } else if (field === 'styles' || field === 'colours') {
      const incoming = values.map((value) => ({ value, source }));
      const merged = [...incoming, ...next[field]].sort((a, b) => (a.source.at < b.source.at ? 1 : a.source.at > b.source.at ? -1 : 0));
      const seen = new Set<string>();
      next[field] = merged.filter((s) => (seen.has(s.value.toLowerCase()) ? false : (seen.add(s.value.toLowerCase()), true))).slice(0, MULTI_KEEP);
    }
  }
  return next;
}

/** The indexed core columns derived from the preferences (sizes as "garment:code" tokens). */
export function coreColumns(p: Preferences) {
  return {
    sizes: Object.entries(p.sizes).map(([g, s]) => `${g}:${s!.value}`),
    styles: p.styles.map((s) => s.value.toLowerCase()),
    colours: p.colours.map((s) => s.value.toLowerCase()),
    fit: p.fit?.value ?? null,
  };
}
