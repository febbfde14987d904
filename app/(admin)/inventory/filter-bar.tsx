import { buttonClass } from '@/components/ui/button';

/** The filter row the inventory lists share: a GET form (the filters live in the URL) and its Filter button. */
export function FilterBar({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <form className="mb-4 flex flex-wrap items-end gap-3" role="search" aria-label={label}>
      {children}
      <button className={buttonClass('secondary')}>Filter</button>
    </form>
  );
}
