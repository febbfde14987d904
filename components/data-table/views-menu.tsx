'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { buttonClass } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import type { ActionResult } from '@/lib/server/action';

type FormAction = (previousState: unknown, formData: FormData) => Promise<ActionResult<unknown>>;

export type ViewItem = { id: string; name: string; href: string; shared: boolean; mine: boolean; ownerName: string };

type Props = {
  list: string;
  path: string;
  views: ViewItem[];
  currentId: string | null;
  defaultId: string | null;
  notice: string | null;
  /** The list's current state as its query string (what Save stores). */
  query: string;
  actions: {
    save: FormAction;
    update: FormAction;
    remove: FormAction;
    setDefault: FormAction;
  };
};

type Result = ActionResult<unknown> | null;

/**
 * The views menu above a list: open a saved view (one's own or a shared one), save the current filters, sort and
 * columns under a name (private or shared), rename, share, delete, and choose one's default. Every change is a
 * server action (audited); views are plain links to the list's URL.
 */
export function ViewsMenu({ list, path, views, currentId, defaultId, notice, query, actions }: Props) {
  const [saved, save, saving] = useActionState<Result, FormData>(actions.save, null);
  const [updated, update, updating] = useActionState<Result, FormData>(actions.update, null);
  const [removed, remove] = useActionState<Result, FormData>(actions.remove, null);
  const [defaulted, setDefault] = useActionState<Result, FormData>(actions.setDefault, null);
  const current = views.find((v) => v.id === currentId) ?? null;
  const fieldError = (r: Result, f: string) => (r && !r.ok ? r.fieldErrors?.[f]?.[0] : undefined);
  return (
    <div className="mb-4 space-y-2" data-testid="views-menu">
      {notice && (
        <p
          role="status"
          className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200"
          data-testid="view-notice"
        >
          {notice}
        </p>
      )}
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <details className="relative">
          <summary className={`${buttonClass('secondary')} cursor-pointer list-none`} data-testid="views-button">
            {current ? `View: ${current.name}` : 'Views'} ▾
          </summary>
          <div className="absolute left-0 z-30 mt-1 w-80 rounded-md border border-zinc-200 bg-white p-2 shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
            <ul className="max-h-64 overflow-auto" aria-label="Saved views">
              <li>
                <Link
                  href={`${path}?view=none`}
                  className="block rounded px-2 py-1 hover:bg-zinc-100 dark:hover:bg-zinc-800"
                >
                  All (no view)
                </Link>
              </li>
              {views.map((v) => (
                <li key={v.id}>
                  <Link
                    href={v.href}
                    className="block rounded px-2 py-1 hover:bg-zinc-100 dark:hover:bg-zinc-800"
                    aria-current={v.id === currentId ? 'page' : undefined}
                    data-testid={`view-${v.name}`}
                  >
                    {v.name}
                    <span className="ml-1 text-xs text-zinc-600 dark:text-zinc-400">
                      {v.mine ? (v.shared ? '· shared' : '· private') : `· shared by ${v.ownerName}`}
                      {v.id === defaultId ? ' · default' : ''}
                    </span>
                  </Link>
                </li>
              ))}
              {views.length === 0 && (
                <li className="px-2 py-1 text-zinc-600 dark:text-zinc-400">No saved views yet.</li>
              )}
            </ul>
            <form
              action={save}
              className="mt-2 space-y-2 border-t border-zinc-200 pt-2 dark:border-zinc-700"
              aria-label="Save this view"
            >
              <input type="hidden" name="list" value={list} />
              <input type="hidden" name="query" value={query} />
              <label className="block">
                <span className="mb-1 block text-xs font-medium">Save the current filters, sort and columns as</span>
                <input
                  name="name"
                  required
                  maxLength={80}
                  className={inputClass}
                  aria-invalid={Boolean(fieldError(saved, 'name'))}
                />
              </label>
              {fieldError(saved, 'name') && (
                <p className="text-xs text-red-700 dark:text-red-300">{fieldError(saved, 'name')}</p>
              )}
              <label className="flex items-center gap-2">
                <input type="checkbox" name="shared" /> Share with the team
              </label>
              <label className="flex items-center gap-2">
                <input type="checkbox" name="makeDefault" /> Open this list with it
              </label>
              <button className={buttonClass('primary', 'py-1')} disabled={saving}>
                {saving ? 'Saving…' : 'Save view'}
              </button>
              <FormMessage result={saved} testId="view-saved" />
            </form>
          </div>
        </details>
        {current && (
          <form action={setDefault}>
            <input type="hidden" name="list" value={list} />
            <input type="hidden" name="id" value={current.id === defaultId ? 'none' : current.id} />
            <button className={buttonClass('ghost', 'py-1')}>
              {current.id === defaultId ? 'Stop opening with this view' : 'Open the list with this view'}
            </button>
          </form>
        )}
        {current?.mine && (
          <details>
            <summary className={`${buttonClass('ghost', 'py-1')} cursor-pointer list-none`}>Rename or share…</summary>
            <form
              action={update}
              className="mt-2 flex flex-wrap items-end gap-2"
              aria-label="Rename or share this view"
            >
              <input type="hidden" name="list" value={list} />
              <input type="hidden" name="id" value={current.id} />
              <label>
                <span className="sr-only">Name</span>
                <input name="name" defaultValue={current.name} required maxLength={80} className={inputClass} />
              </label>
              <label className="flex items-center gap-2">
                <input type="checkbox" name="shared" defaultChecked={current.shared} /> Shared
              </label>
              <button className={buttonClass('secondary', 'py-1')} disabled={updating}>
                Save
              </button>
            </form>
          </details>
        )}
        {current?.mine && (
          <form action={remove}>
            <input type="hidden" name="list" value={list} />
            <input type="hidden" name="id" value={current.id} />
            <button className={buttonClass('ghost', 'py-1 text-red-700 dark:text-red-300')}>Delete view</button>
          </form>
        )}
      </div>
      <FormMessage result={updated ?? removed ?? defaulted} testId="view-message" />
    </div>
  );
}
