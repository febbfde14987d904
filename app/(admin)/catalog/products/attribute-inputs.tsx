'use client';

import { inputClass } from '@/components/ui/field';
import type { AttributeDefinition } from '@/lib/catalog/attributes';

export type AttributeFormValues = Record<string, string | string[]>;

/** Inputs for a category's attribute definitions; names are `attr.<key>` so the action can find them. */
export function AttributeInputs({
  defs,
  values,
  onChange,
  errors,
}: {
  defs: AttributeDefinition[];
  values: AttributeFormValues;
  onChange: (key: string, value: string | string[]) => void;
  errors?: Record<string, string[]>;
}) {
  if (defs.length === 0)
    return (
      <p className="text-sm text-zinc-500">
        This category has no attributes yet. An admin or merchandiser can add them on the Categories page.
      </p>
    );
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      {defs.map((d) => {
        const id = `attr-${d.key}`;
        const err = errors?.[`attributes.${d.key}`];
        const value = values[d.key] ?? (d.type === 'multi_enum' ? [] : '');
        const label = (
          <span className="mb-1 block text-sm font-medium text-zinc-700 dark:text-zinc-300">
            {d.label}
            {d.unit ? ` (${d.unit})` : ''}
            {d.required && <span className="text-red-600 dark:text-red-400"> *</span>}
          </span>
        );
        const common = { name: `attr.${d.key}`, 'aria-invalid': err ? true : undefined, className: inputClass };
        let control: React.ReactNode;
        if (d.type === 'multi_enum') {
          const list = Array.isArray(value) ? value : [];
          return (
            <fieldset key={d.key}>
              <legend>{label}</legend>
              <div className="flex flex-wrap gap-x-4 gap-y-1">
                {(d.options ?? []).map((o) => (
                  <label key={o} className="inline-flex items-center gap-1.5 text-sm">
                    <input
                      type="checkbox"
                      name={`attr.${d.key}`}
                      value={o}
                      checked={list.includes(o)}
                      onChange={(e) => onChange(d.key, e.target.checked ? [...list, o] : list.filter((x) => x !== o))}
                    />
                    {o}
                  </label>
                ))}
              </div>
              {err && (
                <p
                  className="mt-1 text-xs font-medium text-red-600 dark:text-red-400"
                  data-testid={`error-attributes.${d.key}`}
                >
                  {err.join(' ')}
                </p>
              )}
            </fieldset>
          );
        }
        if (d.type === 'enum' || d.type === 'boolean') {
          const options = d.type === 'boolean' ? ['yes', 'no'] : (d.options ?? []);
          control = (
            <select id={id} {...common} value={String(value)} onChange={(e) => onChange(d.key, e.target.value)}>
              <option value="">—</option>
              {options.map((o) => (
                <option key={o} value={o}>
                  {d.type === 'boolean' ? (o === 'yes' ? 'Yes' : 'No') : o}
                </option>
              ))}
            </select>
          );
        } else {
          control = (
            <input
              id={id}
              {...common}
              inputMode={d.type === 'number' ? 'decimal' : undefined}
              value={String(value)}
              onChange={(e) => onChange(d.key, e.target.value)}
            />
          );
        }
        return (
          <div key={d.key}>
            <label htmlFor={id}>{label}</label>
            {control}
            {err && (
              <p
                className="mt-1 text-xs font-medium text-red-600 dark:text-red-400"
                data-testid={`error-attributes.${d.key}`}
              >
                {err.join(' ')}
              </p>
            )}
          </div>
        );
      })}
    </div>
  );
}
