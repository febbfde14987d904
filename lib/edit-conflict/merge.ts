/**
 * Resolving an edit conflict field by field. Three versions of a form's values: `base` (what the form was
 * loaded with), `mine` (what the user has typed since) and `theirs` (what is stored now, saved meanwhile by
 * someone else or by the same person in another tab). Pure: the shared <EditConflict> panel and its tests use it.
 */
export type FormValues = Record<string, unknown>;
export type Choice = 'mine' | 'theirs';

export type FieldConflict = {
  field: string;
  mine: unknown;
  theirs: unknown;
  /** The user changed this field since loading the form. */
  changedByMe: boolean;
  /** The other save changed this field. */
  changedByThem: boolean;
  /** Both changed it, differently: only the user can decide. */
  clash: boolean;
  /** The side to start from: the one that changed it (the user's when both did). */
  suggested: Choice;
};

/** Value equality for form values: strings, numbers, booleans, null, arrays and plain objects (key order ignored). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  const ka = Object.keys(a as object).filter((k) => (a as FormValues)[k] !== undefined);
  const kb = Object.keys(b as object).filter((k) => (b as FormValues)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameValue((a as FormValues)[k], (b as FormValues)[k]));
}

/**
 * The fields where the user's values and the stored ones differ, in `fields` order. A field both sides left
 * alone, or changed to the same value, is not a conflict and is not listed.
 */
export function conflictingFields(
  fields: readonly string[],
  base: FormValues,
  mine: FormValues,
  theirs: FormValues,
): FieldConflict[] {
  const out: FieldConflict[] = [];
  for (const field of fields) {
    if (sameValue(mine[field], theirs[field])) continue;
    const changedByMe = !sameValue(base[field], mine[field]);
    const changedByThem = !sameValue(base[field], theirs[field]);
    out.push({
      field,
      mine: mine[field],
      theirs: theirs[field],
      changedByMe,
      changedByThem,
      clash: changedByMe && changedByThem,
      suggested: changedByMe ? 'mine' : 'theirs',
    });
  }
  return out;
}

/** The starting choice of each conflicting field (see `suggested`). */
export function suggestedChoices(conflicts: readonly FieldConflict[]): Record<string, Choice> {
  return Object.fromEntries(conflicts.map((c) => [c.field, c.suggested]));
}

/**
 * The values to save: the stored ones, with the user's value for every field where they chose theirs-over-stored
 * ("mine"). Fields not in conflict are the same on both sides, so starting from `theirs` loses nothing.
 */
export function mergeValues<T extends FormValues>(mine: T, theirs: T, choices: Record<string, Choice>): T {
  const merged: FormValues = { ...theirs };
  for (const [field, choice] of Object.entries(choices)) if (choice === 'mine') merged[field] = mine[field];
  return merged as T;
}

/** Who made the other save, as the panel and the message say it. */
export function otherEditor(by: { name: string; you: boolean } | null): string {
  if (!by) return 'someone else';
  return by.you ? 'you, in another tab' : by.name;
}
