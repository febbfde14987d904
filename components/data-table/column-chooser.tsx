/**
 * The column chooser: a GET form (state lives in the URL) with one checkbox per column; the list's other params
 * ride along as hidden inputs, so choosing columns keeps the filters and the sort.
 */
export function ColumnChooser({
  columns,
  visible,
  required,
  keep,
}: {
  columns: readonly { key: string; label: string }[];
  visible: readonly string[];
  required: readonly string[];
  keep: URLSearchParams;
}) {
  return (
    <details className="relative" data-testid="column-chooser">
      <summary className="cursor-pointer select-none rounded-md px-2 py-1 text-sm text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800">
        Columns
      </summary>
      <form
        method="get"
        className="absolute right-0 z-20 mt-1 w-56 rounded-md border border-zinc-200 bg-white p-3 text-sm shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
      >
        <fieldset>
          <legend className="mb-2 font-medium">Show columns</legend>
          {[...keep.entries()].map(([k, v]) => (
            <input key={`${k}=${v}`} type="hidden" name={k} value={v} />
          ))}
          {columns.map((c) => (
            <label key={c.key} className="flex items-center gap-2 py-0.5">
              <input
                type="checkbox"
                name="cols"
                value={c.key}
                defaultChecked={visible.includes(c.key)}
                disabled={required.includes(c.key)}
              />
              {c.label}
              {required.includes(c.key) && <input type="hidden" name="cols" value={c.key} />}
            </label>
          ))}
        </fieldset>
        <button className="mt-2 rounded-md bg-brand-700 px-3 py-1 text-white hover:bg-brand-600">Apply</button>
      </form>
    </details>
  );
}
