import { buttonClass } from '@/components/ui/button';

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
