import type { Question, SurveyDefinition } from './questions';
import type { Answers } from './logic';
import type { GarmentType } from './size-chart';

/** Where a profile value came from. */
export type Provenance = { surveyId: string; surveyTitle: string; versionId: string; responseId: string; at: string };
export type Sourced<T> = { value: T; source: Provenance };

/**
 * One layer of a customer's preferences. Single-valued fields (a size per garment type, fit, budget): the latest
 * answer wins. Multi-valued fields (styles, colours): the most recent distinct values, newest first, capped.
 */
export type PreferenceLayer = {
  sizes: Partial<Record<GarmentType, Sourced<string>>>;
  fit?: Sourced<string>;
  budget?: Sourced<string>;
  styles: Sourced<string>[];
  colours: Sourced<string>[];
};

/**
 * A customer's preferences: the top-level fields are the verified layer, from answers given through the
 * customer's personal link (only they hold its token). Answers that arrive with only a typed email may come
 * from anyone who knows the address, so they go to the separate `unverified` layer, which fills fields the
 * verified layer lacks and never overrides it. Profiles from before the layers existed were moved wholly into
 * `unverified` (their origin is unknown).
 */
export type Preferences = PreferenceLayer & { unverified?: PreferenceLayer };

/** A value as staff and the filters see it: from the verified layer when it has one, else unverified. */
export type Shown<T> = Sourced<T> & { verified: boolean };
export type EffectivePreferences = {
  sizes: Partial<Record<GarmentType, Shown<string>>>;
  fit?: Shown<string>;
  budget?: Shown<string>;
  styles: Shown<string>[];
  colours: Shown<string>[];
};

export const MULTI_KEEP = 6;

export const emptyPreferences = (): Preferences => ({ sizes: {}, styles: [], colours: [] });
const emptyLayer = (): PreferenceLayer => ({ sizes: {}, styles: [], colours: [] });

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
 * Merges one response into a profile: into the verified layer when it came through the personal link, else
 * into the unverified one. Within a layer a response older than a field's current source does not override it
 * (answers can arrive out of order); multi-valued fields keep the MULTI_KEEP newest distinct values.
 */
export function mergePreferences(
  current: Preferences,
  def: SurveyDefinition,
  answers: Answers,
  source: Provenance,
  verified: boolean,
): Preferences {
  const { unverified, ...layer } = current;
  if (verified) return { ...mergeLayer(layer, def, answers, source), ...(unverified ? { unverified } : {}) };
  return { ...layer, unverified: mergeLayer(unverified ?? emptyLayer(), def, answers, source) };
}

function mergeLayer(
  current: PreferenceLayer,
  def: SurveyDefinition,
  answers: Answers,
  source: Provenance,
): PreferenceLayer {
  const next: PreferenceLayer = {
    sizes: { ...current.sizes },
    fit: current.fit,
    budget: current.budget,
    styles: [...current.styles],
    colours: [...current.colours],
  };
  const newer = (old?: Sourced<unknown>) => !old || old.source.at <= source.at;
  for (const { q, values } of contributions(def, answers)) {
    const field = q.profileField!;
    if (field === 'size' && q.type === 'size') {
      if (newer(next.sizes[q.garment])) next.sizes[q.garment] = { value: values[0]!, source };
    } else if (field === 'fit' || field === 'budget') {
      if (newer(next[field])) next[field] = { value: values.join(', '), source };
    } else if (field === 'styles' || field === 'colours') {
      const incoming = values.map((value) => ({ value, source }));
      const merged = [...incoming, ...next[field]].sort((a, b) =>
        a.source.at < b.source.at ? 1 : a.source.at > b.source.at ? -1 : 0,
      );
      const seen = new Set<string>();
      next[field] = merged
        .filter((s) => (seen.has(s.value.toLowerCase()) ? false : (seen.add(s.value.toLowerCase()), true)))
        .slice(0, MULTI_KEEP);
    }
  }
  return next;
}

/** Per field, the verified value when there is one, else the unverified one, each marked. */
export function effectivePreferences(p: Preferences): EffectivePreferences {
  const u = p.unverified ?? emptyLayer();
  const mark = <T>(v: Sourced<T> | undefined, verified: boolean): Shown<T> | undefined =>
    v ? { ...v, verified } : undefined;
  const pick = <T>(v: Sourced<T> | undefined, w: Sourced<T> | undefined) => mark(v, true) ?? mark(w, false);
  const sizes: EffectivePreferences['sizes'] = {};
  for (const g of new Set([...Object.keys(u.sizes), ...Object.keys(p.sizes)]) as Set<GarmentType>)
    sizes[g] = pick(p.sizes[g], u.sizes[g]);
  const list = (v: Sourced<string>[], w: Sourced<string>[]) =>
    v.length ? v.map((s) => mark(s, true)!) : w.map((s) => mark(s, false)!);
  return {
    sizes,
    fit: pick(p.fit, u.fit),
    budget: pick(p.budget, u.budget),
    styles: list(p.styles, u.styles),
    colours: list(p.colours, u.colours),
  };
}

/** The indexed core columns derived from the effective preferences (sizes as "garment:code" tokens). */
export function coreColumns(preferences: Preferences) {
  const p = effectivePreferences(preferences);
  return {
    sizes: Object.entries(p.sizes).map(([g, s]) => `${g}:${s!.value}`),
    styles: p.styles.map((s) => s.value.toLowerCase()),
    colours: p.colours.map((s) => s.value.toLowerCase()),
    fit: p.fit?.value ?? null,
  };
}
