import { buttonClass } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';

/**
 * The filter row every list shares: a GET form (the filters live in the URL) and its Filter button.
 * `keep` carries the list's sort and columns, so filtering keeps them (and starts again at the first page).
 */
export function FilterBar({
  label,
  children,
  keep = {},
}: {
  label: string;
  children: React.ReactNode;
  keep?: Record<string, string>;
}) {
  return (
    <form className="mb-4 flex flex-wrap items-end gap-3" role="search" aria-label={label}>
      {Object.entries(keep).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      {children}
      <button className={buttonClass('secondary')}>Filter</button>
    </form>
  );
}

/** A filter select with an "any" first option: status, kind, role… (the value is the URL's). */
export function SelectFilter({
  label,
  name,
  value,
  options,
  anyLabel,
}: {
  label: string;
  name: string;
  value: string | undefined;
  /** Values, shown with `_` as a space, or value/label pairs. */
  options: readonly (string | { value: string; label: string })[];
  anyLabel: string;
}) {
  return (
    <label className="text-sm">
      <span className="mb-1 block font-medium">{label}</span>
      <select aria-label={label} name={name} defaultValue={value ?? ''} className={inputClass}>
        <option value="">{anyLabel}</option>
        {options.map((o) => {
          const { value: v, label: l } = typeof o === 'string' ? { value: o, label: o.replaceAll('_', ' ') } : o;
          return (
            <option key={v} value={v}>
              {l}
            </option>
          );
        })}
      </select>
    </label>
  );
}

/** A filter text field (a search). */
export function TextFilter({
  label,
  name,
  value,
  placeholder,
}: {
  label: string;
  name: string;
  value: string | undefined;
  placeholder?: string;
}) {
  return (
    <label className="text-sm">
      <span className="mb-1 block font-medium">{label}</span>
      <input name={name} defaultValue={value} placeholder={placeholder} className={inputClass} />
    </label>
  );
}
