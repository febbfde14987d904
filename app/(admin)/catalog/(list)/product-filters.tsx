import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import type { AttributeDefinition } from '@/lib/catalog/attributes';
import { PRODUCT_STATUSES, STATUS_LABELS } from '@/lib/catalog/constants';
import { attributePairs, catalogList, type CatalogState } from '@/lib/lists/catalog';
import { sortParam } from '@/lib/url-state';

type Props = {
  state: CatalogState;
  /** The list's columns as hidden fields (the form sets filters and the sort; the columns ride along). */
  keep: Record<string, string>;
  categories: { id: string; name: string; attributeDefs: AttributeDefinition[] }[];
  suppliers: { id: string; name: string }[];
  tags: string[];
};

const label = 'mb-1 block text-xs font-medium text-zinc-500 dark:text-zinc-400';

/** A plain GET form: every filter lives in the URL, and the list works without JavaScript. */
export function ProductFilters({ state, keep, categories, suppliers, tags }: Props) {
  const search = state.filters;
  const attrs = attributePairs(search.a);
  const sort = sortParam(state.sort) === sortParam(catalogList.defaultSort) ? '' : sortParam(state.sort);
  // Attribute keys to filter on: the chosen category's, or every category's (first definition wins).
  const scope = search.category ? categories.filter((c) => c.id === search.category) : categories;
  const keys = new Map<string, AttributeDefinition>();
  for (const c of scope) for (const d of c.attributeDefs) if (!keys.has(d.key)) keys.set(d.key, d);
  const options = [...keys.values()].flatMap((d) => d.options ?? []);

  return (
    <form
      method="get"
      action="/catalog"
      role="search"
      aria-label="Filter products"
      className="mb-4 space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      {(search.a ?? []).map((a) => (
        <input key={a} type="hidden" name="a" value={a} />
      ))}
      {Object.entries(keep)
        .filter(([k]) => k !== 'sort')
        .map(([k, v]) => (
          <input key={k} type="hidden" name={k} value={v} />
        ))}
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <div className="sm:col-span-2">
          <label htmlFor="p-q" className={label}>
            Search
          </label>
          <input id="p-q" name="q" defaultValue={search.q} placeholder="Product name or SKU" className={inputClass} />
        </div>
        <div>
          <label htmlFor="p-category" className={label}>
            Category
          </label>
          <select id="p-category" name="category" defaultValue={search.category ?? ''} className={inputClass}>
            <option value="">All categories</option>
            {categories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="p-status" className={label}>
            Status
          </label>
          <select id="p-status" name="status" defaultValue={search.status ?? ''} className={inputClass}>
            <option value="">Any status</option>
            {PRODUCT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="p-supplier" className={label}>
            Supplier
          </label>
          <select id="p-supplier" name="supplier" defaultValue={search.supplier ?? ''} className={inputClass}>
            <option value="">Any supplier</option>
            {suppliers.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="p-tag" className={label}>
            Tag
          </label>
          <input
            id="p-tag"
            name="tag"
            list="p-tags"
            defaultValue={search.tag}
            placeholder="e.g. bestseller"
            className={inputClass}
          />
          <datalist id="p-tags">
            {tags.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        </div>
        <div className="flex gap-2">
          <div className="flex-1">
            <label htmlFor="p-min" className={label}>
              Price from
            </label>
            <input
              id="p-min"
              name="min"
              inputMode="decimal"
              defaultValue={search.min ?? ''}
              placeholder="0.00"
              className={inputClass}
            />
          </div>
          <div className="flex-1">
            <label htmlFor="p-max" className={label}>
              to
            </label>
            <input
              id="p-max"
              name="max"
              inputMode="decimal"
              defaultValue={search.max ?? ''}
              placeholder="any"
              className={inputClass}
            />
          </div>
        </div>
        <div className="flex gap-2">
          <div className="flex-1">
            <label htmlFor="p-akey" className={label}>
              Attribute
            </label>
            <select id="p-akey" name="akey" defaultValue="" className={inputClass}>
              <option value="">Choose…</option>
              {[...keys.values()].map((d) => (
                <option key={d.key} value={d.key}>
                  {d.label}
                  {d.unit ? ` (${d.unit})` : ''}
                </option>
              ))}
            </select>
          </div>
          <div className="flex-1">
            <label htmlFor="p-aval" className={label}>
              is
            </label>
            <input id="p-aval" name="aval" list="p-avals" placeholder="value" className={inputClass} />
            <datalist id="p-avals">
              {[...new Set(options)].map((o) => (
                <option key={o} value={o} />
              ))}
            </datalist>
          </div>
        </div>
      </div>
      <div className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="p-sort" className={label}>
            Sort by
          </label>
          <select id="p-sort" name="sort" defaultValue={sort} className={inputClass}>
            <option value="">Recently changed</option>
            <option value="name">Name A–Z</option>
            <option value="-name">Name Z–A</option>
            <option value="price">Price, low to high</option>
            <option value="-price">Price, high to low</option>
            <option value="completeness">Least complete first</option>
            <option value="-completeness">Most complete first</option>
          </select>
        </div>
        <label className="flex items-center gap-2 self-end pb-2 text-sm">
          <input type="checkbox" name="incomplete" value="1" defaultChecked={search.incomplete === true} />
          Incomplete only
        </label>
        <div>
          <label htmlFor="p-size" className={label}>
            Per page
          </label>
          <select id="p-size" name="size" defaultValue={search.size ?? '25'} className={inputClass}>
            {[25, 50, 100].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className={buttonClass('primary')}>
          Apply filters
        </button>
        <Link href="/catalog?view=none" className={buttonClass('ghost')}>
          Clear all
        </Link>
      </div>
      {attrs.length > 0 && (
        <ul className="flex flex-wrap gap-2" aria-label="Attribute filters">
          {attrs.map(([k, v]) => (
            <li
              key={`${k}:${v}`}
              className="inline-flex items-center gap-1 rounded-full bg-brand-50 px-3 py-1 text-xs text-brand-700 dark:bg-brand-500/15 dark:text-brand-100"
            >
              {keys.get(k)?.label ?? k}: <strong>{v}</strong>
              <Link
                href={catalogList.href(state, {
                  filters: {
                    ...search,
                    a: (search.a ?? []).filter((a) => attributePairs([a])[0]!.join(':') !== `${k}:${v}`),
                  },
                })}
                aria-label={`Remove filter ${k} ${v}`}
                className="ml-1 rounded-full px-1 hover:bg-brand-100 dark:hover:bg-brand-500/30"
              >
                ×
              </Link>
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}
