import type { InputHTMLAttributes, SelectHTMLAttributes } from 'react';

export const inputClass =
  'block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm shadow-xs placeholder:text-zinc-400 focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30 aria-[invalid=true]:border-red-500 dark:border-zinc-700 dark:bg-zinc-900 dark:placeholder:text-zinc-500';

type Common = { label: string; name: string; errors?: string[]; hint?: string };

function Messages({ id, errors, hint }: { id: string; errors?: string[]; hint?: string }) {
  return (
    <>
      {hint && !errors?.length && <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">{hint}</p>}
      {errors?.length ? (
        <p
          id={id}
          className="mt-1 text-xs font-medium text-red-600 dark:text-red-400"
          data-testid={`error-${id.replace(/-error$/, '')}`}
        >
          {errors.join(' ')}
        </p>
      ) : null}
    </>
  );
}

/** A labelled input with its field-level error underneath. */
export function TextField({ label, name, errors, hint, id, ...props }: Common & InputHTMLAttributes<HTMLInputElement>) {
  const inputId = id ?? `f-${name}`;
  const errorId = `${name}-error`;
  return (
    <div>
      <label htmlFor={inputId} className="mb-1 block text-sm font-medium text-zinc-700 dark:text-zinc-300">
        {label}
      </label>
      <input
        id={inputId}
        name={name}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={errors?.length ? errorId : undefined}
        className={inputClass}
        {...props}
      />
      <Messages id={errorId} errors={errors} hint={hint} />
    </div>
  );
}

export function SelectField({
  label,
  name,
  errors,
  hint,
  id,
  options,
  ...props
}: Common & SelectHTMLAttributes<HTMLSelectElement> & { options: readonly { value: string; label: string }[] }) {
  const inputId = id ?? `f-${name}`;
  const errorId = `${name}-error`;
  return (
    <div>
      <label htmlFor={inputId} className="mb-1 block text-sm font-medium text-zinc-700 dark:text-zinc-300">
        {label}
      </label>
      <select
        id={inputId}
        name={name}
        aria-invalid={errors?.length ? true : undefined}
        className={inputClass}
        {...props}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Messages id={errorId} errors={errors} hint={hint} />
    </div>
  );
}

/**
 * A labelled <select> over records with an id and a name (locations, suppliers), optionally with an "all" choice
 * first. The select carries its label as aria-label too: a wrapping label's accessible name would include the
 * option texts.
 */
export function RecordSelect({
  label,
  name,
  records,
  allLabel,
  defaultValue,
  className = 'text-sm',
  selectClassName = inputClass,
}: {
  label: string;
  name: string;
  records: readonly { id: string; name: string }[];
  allLabel?: string;
  defaultValue?: string;
  className?: string;
  selectClassName?: string;
}) {
  return (
    <label className={className}>
      <span className="mb-1 block font-medium">{label}</span>
      <select aria-label={label} name={name} defaultValue={defaultValue} className={selectClassName}>
        {allLabel !== undefined && <option value="">{allLabel}</option>}
        {records.map((r) => (
          <option key={r.id} value={r.id}>
            {r.name}
          </option>
        ))}
      </select>
    </label>
  );
}
