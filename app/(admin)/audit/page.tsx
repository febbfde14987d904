import type { Metadata } from 'next';
import Link from 'next/link';
import { z } from '@/lib/zod';
import { AuditList } from '@/components/audit/audit-list';
import { buttonClass } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { Card, PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { listAudit } from '@/db/queries/audit';
import { requirePermission } from '@/lib/server/page-guard';

export const metadata: Metadata = { title: 'Audit log' };

const PAGE = 50;
const params = z.object({
  entity: z.string().trim().max(40).regex(/^[a-z_]+$/).optional().catch(undefined),
  before: z.coerce.number().int().positive().optional().catch(undefined),
});

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePermission('audit.read', '/audit');
  const raw = await searchParams;
  const search = params.parse({ entity: raw.entity || undefined, before: raw.before || undefined });
  const rows = await listAudit(await getDb(), { entityType: search.entity, before: search.before, limit: PAGE });
  const older = rows.length === PAGE ? rows.at(-1)!.id : null;
  const qs = (extra: Record<string, string | number>) =>
    `/audit?${new URLSearchParams({ ...(search.entity ? { entity: search.entity } : {}), ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, String(v)])) })}`;

  return (
    <>
      <PageHeader title="Audit log" description="Every change to staff, catalog and stock: who, what, when, before → after." />
      <form method="get" action="/audit" className="mb-4 flex items-end gap-3" role="search" aria-label="Filter audit log">
        <div>
          <label htmlFor="audit-entity" className="mb-1 block text-xs font-medium text-zinc-500">
            Entity
          </label>
          <select id="audit-entity" name="entity" defaultValue={search.entity ?? ''} className={inputClass}>
            <option value="">Everything</option>
            <option value="user">Staff accounts</option>
            <option value="product">Products</option>
            <option value="category">Categories</option>
            <option value="supplier">Suppliers</option>
          </select>
        </div>
        <button type="submit" className={buttonClass('secondary')}>
          Filter
        </button>
      </form>
      <Card className="px-5 py-2">
        <AuditList rows={rows} />
      </Card>
      <div className="mt-4 flex justify-end gap-2">
        {search.before && (
          <Link href={search.entity ? `/audit?entity=${search.entity}` : '/audit'} className={buttonClass('secondary')}>
            Newest
          </Link>
        )}
        {older && (
          <Link href={qs({ before: older })} className={buttonClass('secondary')}>
            Older entries
          </Link>
        )}
      </div>
    </>
  );
}
