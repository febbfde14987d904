'use client';

import Link from 'next/link';
import { inputClass } from '@/components/ui/field';
import { buttonClass } from '@/components/ui/button';
import {
  PROFILE_FIELDS,
  PROFILE_FIELD_LABELS,
  QUESTION_TYPES,
  QUESTION_TYPE_LABELS,
  type Question,
  type QuestionType,
} from '@/lib/surveys/questions';
import { GARMENT_LABELS, GARMENT_TYPES, type GarmentType } from '@/lib/surveys/size-chart';
import { CatalogImagePicker } from './catalog-image-picker';

export type Errors = Record<string, string[] | undefined>;

/** Converts a question to another type, keeping what carries over (label, help, options where both have them). */
export function retype(q: Question, type: QuestionType): Question {
  const base = {
    id: q.id,
    label: q.label,
    help: q.help,
    required: q.required,
    showIf: q.showIf,
    profileField: (type === 'size'
      ? 'size'
      : q.profileField === 'size'
        ? null
        : q.profileField) as Question['profileField'],
  };
  const options =
    'options' in q
      ? q.options
      : [
          { id: 'o1', label: 'Option 1' },
          { id: 'o2', label: 'Option 2' },
        ];
  switch (type) {
    case 'single':
    case 'multi':
    case 'style':
      return { ...base, type, options };
    case 'rating':
      return { ...base, type, min: 1, max: 5, minLabel: '', maxLabel: '' };
    case 'size':
      return { ...base, type, garment: 'tops' };
    default:
      return { ...base, type };
  }
}

const label = 'mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400';
const small = `${inputClass} py-1.5`;

function Err({ errors, path }: { errors: Errors; path: string }) {
  const e = errors[path];
  return e?.length ? <p className="mt-1 text-xs font-medium text-red-600 dark:text-red-400">{e.join(' ')}</p> : null;
}

/** The editing card of one question. `earlier`: the questions above it, for the condition picker. */
export function QuestionEditor({
  q,
  index,
  count,
  earlier,
  errors,
  onChange,
  onMove,
  onRemove,
}: {
  q: Question;
  index: number;
  count: number;
  earlier: Question[];
  errors: Errors;
  onChange: (q: Question) => void;
  onMove: (to: number) => void;
  onRemove: () => void;
}) {
  const p = `questions.${index}`;
  const set = (patch: Partial<Question>) => onChange({ ...q, ...patch } as Question);
  const conditionTarget = q.showIf ? earlier.find((e) => e.id === q.showIf!.questionId) : undefined;
  const choiceQuestions = earlier.filter((e) => 'options' in e);
  return (
    <div className="grid gap-3">
      <label>
        <span className={label}>Question {index + 1}</span>
        <input
          className={small}
          value={q.label}
          onChange={(e) => set({ label: e.target.value })}
          aria-label={`Question ${index + 1} text`}
          aria-invalid={errors[`${p}.label`] ? true : undefined}
        />
        <Err errors={errors} path={`${p}.label`} />
      </label>
      <div className="flex flex-wrap items-end gap-4">
        <label>
          <span className={label}>Type</span>
          <select
            className={small}
            value={q.type}
            onChange={(e) => onChange(retype(q, e.target.value as QuestionType))}
            aria-label={`Question ${index + 1} type`}
          >
            {QUESTION_TYPES.map((t) => (
              <option key={t} value={t}>
                {QUESTION_TYPE_LABELS[t]}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-2 pb-2 text-sm">
          <input
            type="checkbox"
            checked={q.required}
            onChange={(e) => set({ required: e.target.checked })}
            className="size-4 accent-brand-600"
          />
          Required
        </label>
      </div>
      <label>
        <span className={label}>Help text</span>
        <input
          className={small}
          value={q.help}
          onChange={(e) => set({ help: e.target.value })}
          aria-label={`Question ${index + 1} help text`}
        />
      </label>
      {q.type === 'size' && (
        <label className="max-w-xs">
          <span className={label}>Garment type (sizes from the size chart)</span>
          <select
            className={small}
            value={q.garment}
            onChange={(e) => set({ garment: e.target.value as GarmentType })}
            aria-label={`Question ${index + 1} garment type`}
          >
            {GARMENT_TYPES.map((g) => (
              <option key={g} value={g}>
                {GARMENT_LABELS[g]}
              </option>
            ))}
          </select>
          <Link
            href="/surveys/size-chart"
            className="mt-1 inline-block text-xs font-medium text-brand-700 underline dark:text-brand-100"
          >
            Edit the size chart
          </Link>
        </label>
      )}
      {q.type === 'rating' && (
        <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          {(['min', 'max'] as const).map((k) => (
            <label key={k}>
              <span className={label}>{k === 'min' ? 'From' : 'To'}</span>
              <input
                type="number"
                className={small}
                value={q[k]}
                min={k === 'min' ? 0 : 2}
                max={k === 'min' ? 1 : 10}
                onChange={(e) => set({ [k]: Number(e.target.value) })}
              />
              <Err errors={errors} path={`${p}.${k}`} />
            </label>
          ))}
          {(['minLabel', 'maxLabel'] as const).map((k) => (
            <label key={k}>
              <span className={label}>{k === 'minLabel' ? 'Low label' : 'High label'}</span>
              <input className={small} value={q[k]} onChange={(e) => set({ [k]: e.target.value })} />
            </label>
          ))}
        </div>
      )}
      {'options' in q && (
        <div>
          <span className={label}>Options</span>
          <ul className="grid gap-2">
            {q.options.map((o, i) => (
              <li key={o.id} className="flex flex-wrap gap-2">
                <input
                  className={`${small} min-w-40 flex-1`}
                  value={o.label}
                  aria-label={`Question ${index + 1} option ${i + 1}`}
                  onChange={(e) =>
                    set({ options: q.options.map((x, j) => (j === i ? { ...x, label: e.target.value } : x)) })
                  }
                />
                {q.type === 'style' && !o.imageId && (
                  <input
                    className={`${small} min-w-40 flex-1`}
                    value={o.imageUrl ?? ''}
                    placeholder="Image URL (optional)"
                    aria-label={`Question ${index + 1} option ${i + 1} image URL`}
                    onChange={(e) =>
                      set({ options: q.options.map((x, j) => (j === i ? { ...x, imageUrl: e.target.value } : x)) })
                    }
                  />
                )}
                <button
                  type="button"
                  className={buttonClass('ghost', 'px-2')}
                  aria-label={`Remove option ${o.label || i + 1}`}
                  onClick={() => set({ options: q.options.filter((_, j) => j !== i) })}
                >
                  ✕
                </button>
                <Err errors={errors} path={`${p}.options.${i}.label`} />
                <Err errors={errors} path={`${p}.options.${i}.imageUrl`} />
                <Err errors={errors} path={`${p}.options.${i}.imageId`} />
                {q.type === 'style' && (
                  <CatalogImagePicker
                    label={`question ${index + 1} option ${i + 1}`}
                    selected={o}
                    onPick={(img) =>
                      set({
                        options: q.options.map((x, j) =>
                          j === i ? { ...x, imageId: img.id, imageUrl: img.displayUrl } : x,
                        ),
                      })
                    }
                    onClear={() =>
                      set({
                        options: q.options.map((x, j) => {
                          if (j !== i) return x;
                          const { imageId: _id, imageUrl: _url, ...rest } = x;
                          return rest;
                        }),
                      })
                    }
                  />
                )}
              </li>
            ))}
          </ul>
          <Err errors={errors} path={`${p}.options`} />
          <button
            type="button"
            className={buttonClass('secondary', 'mt-2 py-1')}
            onClick={() =>
              set({
                options: [
                  ...q.options,
                  {
                    id: nextId(
                      'o',
                      q.options.map((o) => o.id),
                    ),
                    label: '',
                  },
                ],
              })
            }
          >
            Add option
          </button>
        </div>
      )}
      <div className="grid gap-3 sm:grid-cols-2">
        <label>
          <span className={label}>Feeds profile field</span>
          <select
            className={small}
            value={q.profileField ?? ''}
            onChange={(e) => set({ profileField: (e.target.value || null) as Question['profileField'] })}
            aria-label={`Question ${index + 1} profile field`}
          >
            <option value="">Nothing</option>
            {PROFILE_FIELDS.filter((f) => (f === 'size') === (q.type === 'size')).map((f) => (
              <option key={f} value={f}>
                {PROFILE_FIELD_LABELS[f]}
              </option>
            ))}
          </select>
          <Err errors={errors} path={`${p}.profileField`} />
        </label>
        <label>
          <span className={label}>Show only when</span>
          <select
            className={small}
            value={q.showIf?.questionId ?? ''}
            aria-label={`Question ${index + 1} condition`}
            onChange={(e) => set({ showIf: e.target.value ? { questionId: e.target.value, optionIds: [] } : null })}
          >
            <option value="">Always shown</option>
            {choiceQuestions.map((e) => (
              <option key={e.id} value={e.id}>
                {e.label || e.id}
              </option>
            ))}
          </select>
        </label>
      </div>
      {conditionTarget && 'options' in conditionTarget && (
        <fieldset className="rounded-md border border-zinc-200 p-2 text-sm dark:border-zinc-800">
          <legend className="px-1 text-xs text-zinc-600 dark:text-zinc-400">…is answered with</legend>
          <div className="flex flex-wrap gap-3">
            {conditionTarget.options.map((o) => (
              <label key={o.id} className="flex items-center gap-1.5">
                <input
                  type="checkbox"
                  className="size-4 accent-brand-600"
                  checked={q.showIf!.optionIds.includes(o.id)}
                  onChange={(e) =>
                    set({
                      showIf: {
                        questionId: conditionTarget.id,
                        optionIds: e.target.checked
                          ? [...q.showIf!.optionIds, o.id]
                          : q.showIf!.optionIds.filter((x) => x !== o.id),
                      },
                    })
                  }
                />
                {o.label || o.id}
              </label>
            ))}
          </div>
          <Err errors={errors} path={`${p}.showIf.optionIds`} />
        </fieldset>
      )}
      <Err errors={errors} path={`${p}.showIf`} />
      <div className="flex flex-wrap gap-2 border-t border-zinc-200 pt-3 dark:border-zinc-800">
        <button
          type="button"
          className={buttonClass('ghost', 'py-1')}
          disabled={index === 0}
          onClick={() => onMove(index - 1)}
          aria-label={`Move question ${index + 1} up`}
        >
          ↑ Up
        </button>
        <button
          type="button"
          className={buttonClass('ghost', 'py-1')}
          disabled={index === count - 1}
          onClick={() => onMove(index + 1)}
          aria-label={`Move question ${index + 1} down`}
        >
          ↓ Down
        </button>
        <button
          type="button"
          className={buttonClass('danger', 'ml-auto py-1')}
          onClick={onRemove}
          aria-label={`Remove question ${index + 1}`}
        >
          Remove
        </button>
      </div>
    </div>
  );
}

/** `prefix` + the next free number among `taken` ids. */
export function nextId(prefix: string, taken: string[]): string {
  let n = taken.length + 1;
  while (taken.includes(`${prefix}${n}`)) n += 1;
  return `${prefix}${n}`;
}
