'use server';

import { createView, deleteView, setDefaultView, updateView } from '@/db/queries/saved-views';
import { Forbidden } from '@/lib/errors';
import { LIST_KEYS, LISTS, listDef, type ListKey } from '@/lib/lists';
import { can } from '@/lib/permissions';
import { defineAction } from '@/lib/server/action';
import type { SessionUser } from '@/lib/server/session';
import { checkbox } from '@/lib/validation';
import { z } from '@/lib/zod';

const list = z.enum(LIST_KEYS, { error: 'Unknown list.' });
const name = z
  .string({ error: 'Name the view.' })
  .trim()
  .min(1, 'Name the view.')
  .max(80, 'Use at most 80 characters.');
const id = z.uuid({ error: 'Unknown view.' });

/** Views belong to a list: whoever may open the list (its capability) may keep views of it. */
function mayUse(user: SessionUser, key: ListKey) {
  if (!can(user.role, LISTS[key].permission)) throw new Forbidden();
}

/**
 * Save the list's current filters, sort and columns. The query string is parsed and written again by the list's
 * own parser, so a view stores only what the list understands (never paging, never junk).
 */
export const saveViewAction = defineAction(
  {
    name: 'views.save',
    permission: 'home.read',
    input: z.object({ list, name, shared: checkbox, makeDefault: checkbox, query: z.string().max(4000).default('') }),
    revalidate: (_d, input) => [LISTS[input.list].path],
    successMessage: (v: { name: string }) => `Saved the view "${v.name}".`,
  },
  async (input, { db, actor, user }) => {
    mayUse(user, input.list);
    const def = listDef(input.list);
    const state = def.parse(new URLSearchParams(input.query.replace(/^\?/, '')));
    return createView(db, { ...actor, id: user.id }, { ...input, query: def.query(state) });
  },
);

export const updateViewAction = defineAction(
  {
    name: 'views.update',
    permission: 'home.read',
    input: z.object({ id, list, name, shared: checkbox }),
    revalidate: (_d, input) => [LISTS[input.list].path],
    successMessage: 'View updated.',
  },
  async (input, { db, actor, user }) => {
    mayUse(user, input.list);
    return updateView(db, { ...actor, id: user.id }, input);
  },
);

export const deleteViewAction = defineAction(
  {
    name: 'views.delete',
    permission: 'home.read',
    input: z.object({ id, list }),
    revalidate: (_d, input) => [LISTS[input.list].path],
    successMessage: (v: { name: string }) => `Deleted the view "${v.name}".`,
  },
  async (input, { db, actor, user }) => {
    mayUse(user, input.list);
    return deleteView(db, { ...actor, id: user.id }, input.id);
  },
);

export const setDefaultViewAction = defineAction(
  {
    name: 'views.setDefault',
    permission: 'home.read',
    input: z.object({ list, id: z.union([id, z.literal('none')]) }),
    revalidate: (_d, input) => [LISTS[input.list].path],
    successMessage: (d: { viewId: string | null }) =>
      d.viewId ? 'This view now opens when you open the list.' : 'The list opens plain again.',
  },
  async (input, { db, actor, user }) => {
    mayUse(user, input.list);
    return setDefaultView(
      db,
      { ...actor, id: user.id },
      { list: input.list, viewId: input.id === 'none' ? null : input.id },
    );
  },
);
