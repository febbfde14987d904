import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { AUTH_TYPES, GRADES, KNOWN_ERROR_TYPES } from '@/lib/oplog/rules';
import { RANGE_LABELS, type failingUsersList } from '@/lib/lists/support';

type FailingUsersSearch = ReturnType<typeof failingUsersList.parse>['filters'];

/** GET form: the filters live in the URL, work without JavaScript, and can be shared as links. */
export function FailingUsersFilters({ search, keep }: { search: FailingUsersSearch; keep: Record<string, string> }) {
  const select = (id: string, label: string, name: string, value: string | undefined, options: [string, string][]) => (
    <div>
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-zinc-500">
        {label}
      </label>
      <select id={id} name={name} defaultValue={value ?? ''} className={inputClass}>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <form
      method="get"
      action="/support"
      className="mb-4 flex flex-wrap items-end gap-3"
      role="search"
      aria-label="Filter failing users"
    >
      {Object.entries(keep).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <div className="min-w-56 flex-1">
        <label htmlFor="fu-q" className="mb-1 block text-xs font-medium text-zinc-500">
          User id, platform account or email
        </label>
        <input
          id="fu-q"
          name="q"
          defaultValue={search.q}
          placeholder="u-00042, acct-00042a or user@shop.example"
          className={inputClass}
        />
      </div>
      {select('fu-range', 'Failures in', 'range', search.range ?? '7d', Object.entries(RANGE_LABELS))}
      {select('fu-grade', 'Grade', 'grade', search.grade, [
        ['', 'Any grade'],
        ...GRADES.map((g): [string, string] => [g, g]),
      ])}
      {select('fu-auth', 'Auth', 'auth', search.auth, [
        ['', '2FA and normal'],
        ...AUTH_TYPES.map((a): [string, string] => [a, a]),
      ])}
      {select('fu-error', 'Error type', 'error', search.error, [
        ['', 'Any error'],
        ...KNOWN_ERROR_TYPES.map((e): [string, string] => [e, e]),
      ])}
      <button type="submit" className={buttonClass('secondary')}>
        Apply
      </button>
      {(search.q || search.grade || search.auth || search.error || (search.range ?? '7d') !== '7d') && (
        <Link href="/support" className={buttonClass('ghost')}>
          Reset
        </Link>
      )}
    </form>
  );
}
