import type { Metadata } from 'next';
import Link from 'next/link';
import { AuditList } from '@/components/audit/audit-list';
import { buttonClass } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { Card, PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { listAudit, listAuditActors } from '@/db/queries/audit';
import { AUDIT_ENTITIES, AUDIT_ENTITY_TYPES } from '@/lib/audit/entities';
import { requirePermission } from '@/lib/server/page-guard';
import { auditFilterOf, auditHref, parseAuditParams } from './search-params';

export const metadata: Metadata = { title: 'Audit log' };

const PAGE = 50;
const labelClass = 'mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400';

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePermission('audit.read', '/audit');
  const search = parseAuditParams(await searchParams);
  const db = await getDb();
  const [rows, actors] = await Promise.all([
    listAudit(db, { ...auditFilterOf(search), limit: PAGE }),
    listAuditActors(db),
  ]);
  const older = rows.length === PAGE ? rows.at(-1)!.id : null;
  const filtered = Boolean(search.entity || search.actor || search.from || search.to);

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change to staff, catalog, stock, surveys and API keys: who, what, when, before → after."
      />
      <form
        method="get"
        action="/audit"
        className="mb-4 flex flex-wrap items-end gap-3"
        role="search"
        aria-label="Filter audit log"
      >
        <div>
          <label htmlFor="audit-actor" className={labelClass}>
            Person
          </label>
          <select id="audit-actor" name="actor" defaultValue={search.actor ?? ''} className={inputClass}>
            <option value="">Anyone</option>
            {actors.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name} ({a.email})
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="audit-entity" className={labelClass}>
            Entity
          </label>
          <select id="audit-entity" name="entity" defaultValue={search.entity ?? ''} className={inputClass}>
            <option value="">Everything</option>
            {AUDIT_ENTITY_TYPES.map((t) => (
              <option key={t} value={t}>
                {AUDIT_ENTITIES[t].label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="audit-from" className={labelClass}>
            From
          </label>
          <input id="audit-from" type="date" name="from" defaultValue={search.from ?? ''} className={inputClass} />
        </div>
        <div>
          <label htmlFor="audit-to" className={labelClass}>
            To
          </label>
          <input id="audit-to" type="date" name="to" defaultValue={search.to ?? ''} className={inputClass} />
        </div>
        <button type="submit" className={buttonClass('secondary')}>
          Filter
        </button>
        {filtered && (
          <Link href="/audit" className={buttonClass('ghost')}>
            Clear filters
          </Link>
        )}
      </form>
      <Card className="px-5 py-2">
        <AuditList rows={rows} />
      </Card>
      <div className="mt-4 flex justify-end gap-2">
        {search.before && (
          <Link href={auditHref({ ...search, before: undefined })} className={buttonClass('secondary')}>
            Newest
          </Link>
        )}
        {older && (
          <Link href={auditHref({ ...search, before: older })} className={buttonClass('secondary')}>
            Older entries
          </Link>
        )}
      </div>
    </>
  );
}
