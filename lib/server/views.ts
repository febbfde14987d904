// Server only: reads the session's views from the database.
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { listViews, type ViewRow } from '@/db/queries/saved-views';
import { listDef, type ListKey } from '@/lib/lists';
import type { RawParams } from '@/lib/url-state';
import type { SessionUser } from './session';

export type ListViews = {
  list: ListKey;
  /** The page the views open on: the list's path, or a per-record page's own (a user's timeline). */
  path: string;
  views: (ViewRow & { href: string; mine: boolean })[];
  defaultId: string | null;
  current: ViewRow | null;
  /** What to tell the user when the URL (a view, an old link) had parts the list no longer understands. */
  notice: string | null;
  /** The current filters, sort and columns as the list serializes them: what "Save view" stores. */
  query: string;
};

const isEmpty = (raw: RawParams) =>
  raw instanceof URLSearchParams ? [...raw.keys()].length === 0 : Object.keys(raw).length === 0;

/** `?view=<id>` on the list's own URL opens a view: its stored query plus the view's id. */
export function viewHref(path: string, view: { id: string; query: string }) {
  return `${path}${view.query ? `${view.query}&` : '?'}view=${view.id}`;
}

/**
 * A list page's saved views. Opening the plain list (no params at all) with a default view set redirects to that
 * view; `?view=none` is the plain list. A view or link whose parts no longer parse opens with what still applies
 * (the list's parser dropped the rest) and says what was left out.
 */
export async function loadListViews(
  list: ListKey,
  user: SessionUser,
  raw: RawParams,
  state: { dropped: string[]; view: string | undefined; sort: { key: string; dir: 'asc' | 'desc' }; columns: string[] },
  path?: string,
): Promise<ListViews> {
  const def = listDef(list);
  const at = path ?? def.path;
  const { views, defaultId } = await listViews(await getDb(), user.id, list);
  if (isEmpty(raw) && defaultId) {
    const view = views.find((v) => v.id === defaultId);
    if (view) redirect(viewHref(at, view));
  }
  const current = state.view && state.view !== 'none' ? (views.find((v) => v.id === state.view) ?? null) : null;
  const left = state.dropped.map((k) =>
    k === 'cols' ? 'some columns' : k === 'sort' ? 'the sort' : `the "${k}" filter`,
  );
  const notice = left.length
    ? current
      ? `Parts of the view "${current.name}" no longer apply and were left out: ${left.join(', ')}. The rest is shown.`
      : `Some settings in this link were not understood and were left out: ${left.join(', ')}.`
    : null;
  const parsed = def.parse(raw);
  return {
    list,
    path: at,
    views: views.map((v) => ({ ...v, href: viewHref(at, v), mine: v.ownerId === user.id })),
    defaultId,
    current,
    notice,
    query: def.query(parsed),
  };
}
