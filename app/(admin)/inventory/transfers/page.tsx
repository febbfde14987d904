import type { Metadata } from 'next';
import { Badge } from '@/components/ui/badge';
import { inputClass, RecordSelect } from '@/components/ui/field';
import { EmptyState } from '@/components/ui/empty-state';
import { Card, PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { listLocations } from '@/db/queries/inventory-ops';
import { listTransfers } from '@/db/queries/inventory-read';
import { requirePermission } from '@/lib/server/page-guard';
import { ActionForm } from '../action-form';
import { cancelTransferAction, createTransferAction, receiveTransferAction } from '../actions';

export const metadata: Metadata = { title: 'Transfers' };

export default async function TransfersPage() {
  await requirePermission('inventory.manage', '/inventory/transfers');
  const db = await getDb();
  const [locations, transfers] = await Promise.all([listLocations(db, { activeOnly: true }), listTransfers(db)]);
  return (
    <>
      <PageHeader title="Transfers" description="Move stock between locations. Every line leaves the source together, or none does; it shows as incoming at the destination until received." />
      <Card className="mb-6 p-5">
        <h2 className="mb-3 text-base font-semibold">New transfer</h2>
        <ActionForm action={createTransferAction} submitLabel="Ship transfer" label="New transfer" testId="transfer-result">
          <div className="grid gap-3 sm:grid-cols-2">
            <RecordSelect label="From" name="fromLocationId" records={locations} defaultValue={locations[0]?.id} />
            <RecordSelect label="To" name="toLocationId" records={locations} defaultValue={locations[1]?.id} />
          </div>
          <label className="mt-3 block text-sm">
            <span className="mb-1 block font-medium">Lines: SKU and quantity, one per line</span>
            <textarea name="lines" rows={4} className={`${inputClass} font-mono`} placeholder={'DRS-LIN-M-NAV 5\nDRS-LIN-L-NAV 3'} />
          </label>
          <label className="mt-3 flex items-center gap-2 text-sm">
            <input type="checkbox" name="receiveNow" /> Received at the destination now (same building, no transit)
          </label>
        </ActionForm>
      </Card>
      {transfers.length === 0 ? (
        <EmptyState title="No transfers yet" />
      ) : (
        <Card className="overflow-hidden">
          <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" data-testid="transfer-list">
            {transfers.map((t) => (
              <li key={t.id} className="flex flex-wrap items-center justify-between gap-3 px-5 py-3 text-sm" data-testid={`transfer-T-${t.number}`}>
                <div>
                  <p className="font-medium">
                    T-{t.number}: {t.from_name} → {t.to_name} <Badge tone={t.status === 'in_transit' ? 'amber' : t.status === 'received' ? 'green' : 'neutral'}>{t.status.replace('_', ' ')}</Badge>
                  </p>
                  <p className="text-zinc-500">
                    {t.lines} · {t.units} units · by {t.created_by}
                  </p>
                </div>
                {t.status === 'in_transit' && (
                  <div className="flex flex-wrap items-start gap-3">
                    <ActionForm action={receiveTransferAction} submitLabel="Receive" variant="secondary" label={`Receive T-${t.number}`} testId={`receive-T-${t.number}-result`}>
                      <input type="hidden" name="id" value={t.id} />
                    </ActionForm>
                    <ActionForm action={cancelTransferAction} submitLabel="Cancel transfer" variant="danger" label={`Cancel T-${t.number}`} testId={`cancel-T-${t.number}-result`}>
                      <input type="hidden" name="id" value={t.id} />
                    </ActionForm>
                  </div>
                )}
              </li>
            ))}
          </ul>
        </Card>
      )}
    </>
  );
}
