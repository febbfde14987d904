import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { ROLES, ROLE_LABELS } from '@/lib/roles';
import type { staffList } from '@/lib/lists/staff';

type StaffSearch = ReturnType<typeof staffList.parse>['filters'];

/** A plain GET form: the filters live in the URL and work without JavaScript. */
export function StaffFilters({ search, keep }: { search: StaffSearch; keep: Record<string, string> }) {
  return (
    <form
      method="get"
      action="/staff"
      className="mb-4 flex flex-wrap items-end gap-3"
      role="search"
      aria-label="Filter staff"
    >
      {Object.entries(keep).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <div className="min-w-48 flex-1">
        <label htmlFor="staff-q" className="mb-1 block text-xs font-medium text-zinc-500">
          Search
        </label>
        <input id="staff-q" name="q" defaultValue={search.q} placeholder="Name or email" className={inputClass} />
      </div>
      <div>
        <label htmlFor="staff-role" className="mb-1 block text-xs font-medium text-zinc-500">
          Role
        </label>
        <select id="staff-role" name="role" defaultValue={search.role ?? ''} className={inputClass}>
          <option value="">All roles</option>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="staff-status" className="mb-1 block text-xs font-medium text-zinc-500">
          Status
        </label>
        <select id="staff-status" name="status" defaultValue={search.status ?? ''} className={inputClass}>
          <option value="">Any status</option>
          <option value="active">Active</option>
          <option value="inactive">Deactivated</option>
        </select>
      </div>
      <button type="submit" className={buttonClass('secondary')}>
        Filter
      </button>
      {(search.q || search.role || search.status) && (
        <Link href="/staff" className={buttonClass('ghost')}>
          Clear
        </Link>
      )}
    </form>
  );
}
