'use client';

import { startTransition, useActionState, useEffect, useRef, useState } from 'react';
import { buttonClass } from '@/components/ui/button';
import { EditConflictPanel, useVersionedForm, type ConflictField } from '@/components/ui/edit-conflict';
import { TextField, inputClass } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import {
  ATTRIBUTE_TYPES,
  ATTRIBUTE_TYPE_LABELS,
  type AttributeDefinition,
  type AttributeType,
} from '@/lib/catalog/attributes';
import { parseList } from '@/lib/catalog/constants';
import { RULE_LABELS, describeRules, rulesOf, type CompletenessRules } from '@/lib/catalog/completeness';
import type { ActionResult } from '@/lib/server/action';
import { createCategoryAction, updateCategoryAction } from '../actions';

type Category = {
  id: string;
  version: number;
  name: string;
  attributeDefs: AttributeDefinition[];
  completenessRules?: Partial<CompletenessRules>;
};
/** The numbers are edited as text so a half-typed value is not forced to 0. */
type RulesForm = Omit<CompletenessRules, 'minImages' | 'minDescription'> & {
  minImages: string;
  minDescription: string;
};
const rulesForm = (r: Partial<CompletenessRules> | undefined): RulesForm => {
  const full = rulesOf(r);
  return { ...full, minImages: String(full.minImages), minDescription: String(full.minDescription) };
};
type Row = { key: string; label: string; type: AttributeType; unit: string; options: string; required: boolean };

const toRow = (d: AttributeDefinition): Row => ({
  key: d.key,
  label: d.label,
  type: d.type,
  unit: d.unit ?? '',
  options: (d.options ?? []).join(', '),
  required: Boolean(d.required),
});
const blank = (): Row => ({ key: '', label: '', type: 'text', unit: '', options: '', required: false });

type Values = { name: string; attributes: Row[]; rules: RulesForm };
const valuesOf = (c: {
  name: string;
  attributeDefs: AttributeDefinition[];
  completenessRules?: Partial<CompletenessRules>;
}): Values => ({
  name: c.name,
  attributes: c.attributeDefs.map(toRow),
  rules: rulesForm(c.completenessRules),
});
const FIELDS: ConflictField[] = [
  { name: 'name', label: 'Category name' },
  {
    name: 'attributes',
    label: 'Attributes',
    show: (v) =>
      (v as Row[])
        .map(
          (r) =>
            `${r.label} (${ATTRIBUTE_TYPE_LABELS[r.type]}${r.required ? ', required' : ''}${r.options ? `: ${r.options}` : ''})`,
        )
        .join('; ') || '(none)',
  },
  {
    name: 'rules',
    label: 'Completeness rules',
    show: (v) => {
      const r = v as RulesForm;
      return Object.entries(
        describeRules({ ...r, minImages: Number(r.minImages) || 0, minDescription: Number(r.minDescription) || 0 }),
      )
        .map(([k, x]) => `${k}: ${x}`)
        .join('; ');
    },
  },
];

/** Keys are made from labels ("Inseam length" → "inseam_length") until edited by hand. */
function keyOf(label: string): string {
  return label
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/^(\d)/, 'a_$1')
    .slice(0, 40);
}

/** Category name plus its attribute definitions, edited as rows and posted as one JSON field. */
export function CategoryEditor({ category }: { category?: Category }) {
  const [name, setName] = useState(category?.name ?? '');
  const [rows, setRows] = useState<Row[]>(category?.attributeDefs.map(toRow) ?? []);
  const [rules, setRules] = useState<RulesForm>(() => rulesForm(category?.completenessRules));
  const [result, submit, pending] = useActionState<ActionResult<unknown> | null, FormData>(
    category ? updateCategoryAction : createCategoryAction,
    null,
  );
  const errors = result && !result.ok ? result.fieldErrors : undefined;
  const formRef = useRef<HTMLFormElement>(null);
  const versioned = useVersionedForm<Values>({
    version: category?.version ?? 0,
    values: category ? valuesOf(category) : { name: '', attributes: [], rules: rulesForm(undefined) },
    result,
    formRef,
    apply: (v) => {
      setName(v.name);
      setRows(v.attributes);
      setRules(v.rules);
    },
    fromStored: (c) => valuesOf(c as Category),
  });
  useEffect(() => {
    if (result?.ok && !category) {
      setName('');
      setRows([]);
      setRules(rulesForm(undefined));
    }
  }, [result, category]);

  const set = (i: number, patch: Partial<Row>) =>
    setRows((all) => all.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const onSubmit = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const fd = new FormData();
    if (category) {
      fd.set('id', category.id);
      fd.set('version', String(versioned.version));
    }
    fd.set('name', name);
    fd.set(
      'attributeDefs',
      JSON.stringify(
        rows.map((r) => ({
          key: r.key,
          label: r.label,
          type: r.type,
          unit: r.type === 'number' ? r.unit : undefined,
          options: r.type === 'enum' || r.type === 'multi_enum' ? parseList(r.options) : undefined,
          required: r.required,
        })),
      ),
    );
    fd.set('completenessRules', JSON.stringify(rules));
    startTransition(() => submit(fd));
  };
  const prefix = category ? category.id : 'new';
  const err = (i: number, f: string) => errors?.[`attributeDefs.${i}.${f}`]?.join(' ');

  return (
    <form
      ref={formRef}
      onSubmit={onSubmit}
      noValidate
      aria-label={category ? `Edit category ${category.name}` : 'New category'}
      className="space-y-4"
    >
      <div className="max-w-sm">
        <TextField
          id={`c-${prefix}-name`}
          label="Category name"
          name="name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          errors={errors?.name}
        />
      </div>
      <fieldset>
        <legend className="mb-2 text-sm font-medium">Attributes</legend>
        {rows.length === 0 ? (
          <p className="mb-2 text-sm text-zinc-500">No attributes yet.</p>
        ) : (
          <div
            className="mb-1 hidden gap-2 px-2 text-xs font-medium text-zinc-500 lg:grid lg:grid-cols-[1fr_1fr_10rem_1.5fr_6rem_5.5rem]"
            aria-hidden
          >
            <span>Label (what people see)</span>
            <span>Key (in data and CSV)</span>
            <span>Type</span>
            <span>Unit or allowed values</span>
            <span />
            <span />
          </div>
        )}
        <div className="space-y-2">
          {rows.map((r, i) => (
            <div
              key={i}
              className="grid items-start gap-2 rounded-md border border-zinc-200 p-2 sm:grid-cols-2 lg:grid-cols-[1fr_1fr_10rem_1.5fr_6rem_5.5rem] dark:border-zinc-800"
              data-testid={`attr-row-${i}`}
            >
              <div>
                <input
                  aria-label="Attribute label"
                  placeholder="Label, e.g. Fabric"
                  value={r.label}
                  onChange={(e) =>
                    set(i, {
                      label: e.target.value,
                      key: r.key === '' || r.key === keyOf(r.label) ? keyOf(e.target.value) : r.key,
                    })
                  }
                  className={inputClass}
                />
                {err(i, 'label') && <p className="mt-0.5 text-xs text-red-600 dark:text-red-400">{err(i, 'label')}</p>}
              </div>
              <div>
                <input
                  aria-label="Attribute key"
                  placeholder="key, e.g. fabric"
                  value={r.key}
                  onChange={(e) => set(i, { key: e.target.value })}
                  className={`${inputClass} font-mono`}
                />
                {err(i, 'key') && (
                  <p className="mt-0.5 text-xs text-red-600 dark:text-red-400" data-testid={`error-attr-${i}-key`}>
                    {err(i, 'key')}
                  </p>
                )}
              </div>
              <select
                aria-label="Attribute type"
                value={r.type}
                onChange={(e) => set(i, { type: e.target.value as AttributeType })}
                className={inputClass}
              >
                {ATTRIBUTE_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {ATTRIBUTE_TYPE_LABELS[t]}
                  </option>
                ))}
              </select>
              <div>
                {r.type === 'number' ? (
                  <input
                    aria-label="Unit"
                    placeholder="Unit, e.g. cm"
                    value={r.unit}
                    onChange={(e) => set(i, { unit: e.target.value })}
                    className={inputClass}
                  />
                ) : r.type === 'enum' || r.type === 'multi_enum' ? (
                  <input
                    aria-label="Allowed values"
                    placeholder="Allowed values, comma-separated"
                    value={r.options}
                    onChange={(e) => set(i, { options: e.target.value })}
                    className={inputClass}
                  />
                ) : (
                  <span className="block py-2 text-xs text-zinc-500">—</span>
                )}
                {(err(i, 'options') || err(i, 'unit')) && (
                  <p className="mt-0.5 text-xs text-red-600 dark:text-red-400">{err(i, 'options') ?? err(i, 'unit')}</p>
                )}
              </div>
              <label className="inline-flex items-center gap-1.5 py-2 text-sm">
                <input type="checkbox" checked={r.required} onChange={(e) => set(i, { required: e.target.checked })} />{' '}
                Required
              </label>
              <button
                type="button"
                className={buttonClass('ghost')}
                onClick={() => setRows((all) => all.filter((_, j) => j !== i))}
                aria-label={`Remove attribute ${r.label || i + 1}`}
              >
                Remove
              </button>
            </div>
          ))}
        </div>
        <button
          type="button"
          className={buttonClass('secondary', 'mt-2')}
          onClick={() => setRows((all) => [...all, blank()])}
        >
          Add attribute
        </button>
      </fieldset>
      <fieldset data-testid={`rules-${prefix}`}>
        <legend className="mb-1 text-sm font-medium">Completeness rules</legend>
        <p className="mb-2 text-xs text-zinc-600 dark:text-zinc-400">
          What a product in this category needs before it counts as complete. Which attributes are required is set per
          attribute above. Saving rescores every product of the category.
        </p>
        <div className="grid gap-2 sm:grid-cols-2">
          {(['attributes', 'altText', 'prices', 'barcodes'] as const).map((k) => (
            <label key={k} className="inline-flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={rules[k]}
                onChange={(e) => setRules((r) => ({ ...r, [k]: e.target.checked }))}
              />
              {RULE_LABELS[k]}
            </label>
          ))}
          {(['minImages', 'minDescription'] as const).map((k) => (
            <div key={k}>
              <label className="block text-sm" htmlFor={`c-${prefix}-${k}`}>
                {RULE_LABELS[k]} <span className="text-xs text-zinc-600 dark:text-zinc-400">(0: no rule)</span>
              </label>
              <input
                id={`c-${prefix}-${k}`}
                inputMode="numeric"
                value={rules[k]}
                onChange={(e) => setRules((r) => ({ ...r, [k]: e.target.value }))}
                aria-invalid={errors?.[`completenessRules.${k}`] ? true : undefined}
                aria-describedby={errors?.[`completenessRules.${k}`] ? `c-${prefix}-${k}-error` : undefined}
                className={`${inputClass} mt-1 max-w-32`}
              />
              {errors?.[`completenessRules.${k}`] && (
                <p
                  id={`c-${prefix}-${k}-error`}
                  className="mt-0.5 text-xs text-red-600 dark:text-red-400"
                  data-testid={`error-rules-${k}`}
                >
                  {errors[`completenessRules.${k}`]!.join(' ')}
                </p>
              )}
            </div>
          ))}
        </div>
      </fieldset>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={pending} className={buttonClass('primary')}>
          {pending ? 'Saving…' : category ? 'Save category' : 'Create category'}
        </button>
        <FormMessage result={result} testId={category ? `category-message-${category.name}` : 'category-message'} />
      </div>
      {versioned.conflict && versioned.theirs && (
        <EditConflictPanel
          key={versioned.conflict.version}
          conflict={versioned.conflict}
          fields={FIELDS}
          base={versioned.base}
          mine={{ name, attributes: rows, rules }}
          theirs={versioned.theirs}
          onResolve={versioned.resolve}
          onDismiss={versioned.dismiss}
        />
      )}
    </form>
  );
}
