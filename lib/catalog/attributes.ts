import type { FieldErrors } from '../errors';

/**
 * Category attribute definitions and product attribute values. Definitions are data kept on the category,
 * so they change without a migration; values are validated against them on every write.
 */
export const ATTRIBUTE_TYPES = ['text', 'number', 'enum', 'multi_enum', 'boolean'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

export const ATTRIBUTE_TYPE_LABELS: Record<AttributeType, string> = {
  text: 'Text',
  number: 'Number',
  enum: 'One of a list',
  multi_enum: 'Several of a list',
  boolean: 'Yes / no',
};

export type AttributeDefinition = {
  key: string;
  label: string;
  type: AttributeType;
  /** Numbers only: "cm", "g/m²"… */
  unit?: string;
  /** enum and multi_enum only. */
  options?: string[];
  required?: boolean;
};

export type AttributeValue = string | number | boolean | string[];
export type AttributeValues = Record<string, AttributeValue>;

const KEY = /^[a-z][a-z0-9_]{0,39}$/;
export const MAX_DEFINITIONS = 40;
const MAX_TEXT = 500;

/** Checks a category's definitions; errors are keyed `attributeDefs.<index>.<field>`. */
export function validateDefinitions(defs: readonly AttributeDefinition[]): FieldErrors {
  const errors: FieldErrors = {};
  const add = (key: string, message: string) => (errors[key] ??= []).push(message);
  if (defs.length > MAX_DEFINITIONS) add('attributeDefs', `Use at most ${MAX_DEFINITIONS} attributes per category.`);
  const seen = new Set<string>();
  defs.forEach((d, i) => {
    const at = `attributeDefs.${i}`;
    if (!KEY.test(d.key ?? ''))
      add(`${at}.key`, 'Use lowercase letters, digits and _ (start with a letter, at most 40).');
    else if (seen.has(d.key)) add(`${at}.key`, `"${d.key}" is defined twice.`);
    seen.add(d.key);
    if (!d.label?.trim()) add(`${at}.label`, 'Enter a label.');
    else if (d.label.length > 80) add(`${at}.label`, 'Use at most 80 characters.');
    if (!(ATTRIBUTE_TYPES as readonly string[]).includes(d.type)) add(`${at}.type`, 'Choose a type.');
    const listed = d.type === 'enum' || d.type === 'multi_enum';
    if (listed) {
      const options = d.options ?? [];
      if (options.length === 0) add(`${at}.options`, 'List at least one allowed value.');
      if (new Set(options.map((o) => o.toLowerCase())).size !== options.length)
        add(`${at}.options`, 'Each allowed value must be different.');
      if (options.some((o) => o.length > 80)) add(`${at}.options`, 'Keep each allowed value under 80 characters.');
    } else if (d.options?.length) add(`${at}.options`, 'Only list types have allowed values.');
    if (d.unit && d.type !== 'number') add(`${at}.unit`, 'Only numbers have a unit.');
    if (d.unit && d.unit.length > 20) add(`${at}.unit`, 'Use at most 20 characters.');
  });
  return errors;
}

/** A definition with its optional parts tidied (empty unit/options removed). */
export function normaliseDefinition(d: AttributeDefinition): AttributeDefinition {
  const out: AttributeDefinition = { key: d.key.trim(), label: d.label.trim(), type: d.type };
  if (d.type === 'number' && d.unit?.trim()) out.unit = d.unit.trim();
  if ((d.type === 'enum' || d.type === 'multi_enum') && d.options)
    out.options = d.options.map((o) => o.trim()).filter(Boolean);
  if (d.required) out.required = true;
  return out;
}

const TRUE = new Set(['true', 'yes', 'y', '1', 'on']);
const FALSE = new Set(['false', 'no', 'n', '0', 'off']);

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

/** One raw value (form string, CSV cell or JSON value) checked and converted; a string result is an error. */
export function coerceAttributeValue(
  def: AttributeDefinition,
  raw: unknown,
): { value: AttributeValue } | { error: string } {
  switch (def.type) {
    case 'text': {
      const s = String(raw).trim();
      return s.length > MAX_TEXT ? { error: `Use at most ${MAX_TEXT} characters.` } : { value: s };
    }
    case 'number': {
      const n = typeof raw === 'number' ? raw : Number(String(raw).trim().replace(',', '.'));
      return Number.isFinite(n) && String(raw).trim() !== ''
        ? { value: n }
        : { error: `Enter a number${def.unit ? ` in ${def.unit}` : ''}.` };
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return { value: raw };
      const s = String(raw).trim().toLowerCase();
      if (TRUE.has(s)) return { value: true };
      if (FALSE.has(s)) return { value: false };
      return { error: 'Use yes or no.' };
    }
    case 'enum': {
      const match = matchOption(def, String(raw));
      return match ? { value: match } : { error: `Choose one of: ${(def.options ?? []).join(', ')}.` };
    }
    case 'multi_enum': {
      const parts = (Array.isArray(raw) ? raw.map(String) : String(raw).split(/[|,]/))
        .map((s) => s.trim())
        .filter(Boolean);
      const out: string[] = [];
      for (const p of parts) {
        const match = matchOption(def, p);
        if (!match) return { error: `"${p}" is not allowed. Choose from: ${(def.options ?? []).join(', ')}.` };
        if (!out.includes(match)) out.push(match);
      }
      return { value: out };
    }
  }
}

/** Options match ignoring case; the stored value uses the definition's spelling. */
function matchOption(def: AttributeDefinition, raw: string): string | undefined {
  const want = raw.trim().toLowerCase();
  return def.options?.find((o) => o.toLowerCase() === want);
}

/**
 * Validates a product's attribute values against its category's definitions. Unknown keys and missing
 * required values are errors; blank optional values are dropped. Errors are keyed `attributes.<key>`.
 */
export function validateAttributes(
  defs: readonly AttributeDefinition[],
  raw: Record<string, unknown>,
): { values: AttributeValues; errors: FieldErrors } {
  const values: AttributeValues = {};
  const errors: FieldErrors = {};
  const byKey = new Map(defs.map((d) => [d.key, d]));
  for (const key of Object.keys(raw)) {
    if (!byKey.has(key) && !isBlank(raw[key]))
      errors[`attributes.${key}`] = [`"${key}" is not an attribute of this category.`];
  }
  for (const def of defs) {
    const v = raw[def.key];
    if (isBlank(v)) {
      if (def.required) errors[`attributes.${def.key}`] = [`${def.label} is required in this category.`];
      continue;
    }
    const result = coerceAttributeValue(def, v);
    if ('error' in result) errors[`attributes.${def.key}`] = [result.error];
    else if (!(Array.isArray(result.value) && result.value.length === 0 && !def.required))
      values[def.key] = result.value;
  }
  return { values, errors };
}

/**
 * The JSONB containment fragment for "attribute `key` has `raw`" (used with the GIN index), typed by the
 * definition so "12" matches the number 12. Null when the value cannot match that type.
 */
export function attributeFilterFragment(
  def: AttributeDefinition | undefined,
  key: string,
  raw: string,
): AttributeValues | null {
  if (!def) return { [key]: raw };
  const result = coerceAttributeValue(def, def.type === 'multi_enum' ? (raw.split(/[|,]/)[0] ?? '') : raw);
  if ('error' in result) return null;
  return { [key]: result.value };
}

/** "12 cm", "yes", "Linen, Cotton": an attribute value as a reader sees it. */
export function formatAttribute(def: AttributeDefinition | undefined, value: AttributeValue | undefined): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'number' && def?.unit) return `${value} ${def.unit}`;
  return String(value);
}
