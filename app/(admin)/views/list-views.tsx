import { ViewsMenu } from '@/components/data-table/views-menu';
import type { ListViews } from '@/lib/server/views';
import { deleteViewAction, saveViewAction, setDefaultViewAction, updateViewAction } from './actions';

/** A list page's views menu (lib/server/views.ts loads it), wired to the views actions. */
export function ListViewsMenu({ views }: { views: ListViews }) {
  return (
    <ViewsMenu
      list={views.list}
      path={views.path}
      views={views.views.map((v) => ({
        id: v.id,
        name: v.name,
        href: v.href,
        shared: v.shared,
        mine: v.mine,
        ownerName: v.ownerName,
      }))}
      currentId={views.current?.id ?? null}
      defaultId={views.defaultId}
      notice={views.notice}
      query={views.query}
      actions={{
        save: saveViewAction,
        update: updateViewAction,
        remove: deleteViewAction,
        setDefault: setDefaultViewAction,
      }}
    />
  );
}
