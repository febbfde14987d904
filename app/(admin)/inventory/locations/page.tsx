import type { Metadata } from 'next';
import { Badge } from '@/components/ui/badge';
import { inputClass } from '@/components/ui/field';
import { EmptyState } from '@/components/ui/empty-state';
import { Card, PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { listLocations } from '@/db/queries/inventory-ops';
import { requirePermission } from '@/lib/server/page-guard';
import { ActionForm } from '../action-form';
import { createLocationAction, setLocationActiveAction, updateLocationAction } from '../actions';

export const metadata: Metadata = { title: 'Locations' };

function LocationFields({ code = '', name = '', address = '' }: { code?: string; name?: string; address?: string }) {
  return (
    <div className="grid gap-3 sm:grid-cols-3">
      <label className="text-sm">
        <span className="mb-1 block font-medium">Code</span>
        <input name="code" defaultValue={code} placeholder="BER" aria-label="Code" className={inputClass} />
      </label>
      <label className="text-sm">
        <span className="mb-1 block font-medium">Name</span>
        <input name="name" defaultValue={name} aria-label="Name" className={inputClass} />
      </label>
      <label className="text-sm">
        <span className="mb-1 block font-medium">Address</span>
        <input name="address" defaultValue={address} aria-label="Address" className={inputClass} />
      </label>
    </div>
  );
}

export default async function LocationsPage() {
  await requirePermission('inventory.manage', '/inventory/locations');
  const locations = await listLocations(await getDb());
  return (
    <>
      <PageHeader
        title="Locations"
        description="Warehouses and stores. An inactive location keeps its stock (listed, marked inactive) but takes no new receipts, transfers or reservations."
      />
      {locations.length === 0 ? (
        <EmptyState title="No locations yet">Add the first one below.</EmptyState>
      ) : (
        <ul className="space-y-4" data-testid="location-list">
          {locations.map((l) => (
            <li key={l.id} data-testid={`location-${l.code}`}>
              <Card className="p-5">
                <h2 className="mb-3 flex items-center gap-2 text-base font-semibold">
                  {l.code} · {l.name}{' '}
                  {l.active ? <Badge tone="green">active</Badge> : <Badge tone="neutral">inactive</Badge>}
                </h2>
                <ActionForm
                  action={updateLocationAction}
                  submitLabel="Save"
                  label={`Edit ${l.code}`}
                  testId={`location-${l.code}-result`}
                >
                  <input type="hidden" name="id" value={l.id} />
                  <LocationFields code={l.code} name={l.name} address={l.address} />
                </ActionForm>
                <ActionForm
                  action={setLocationActiveAction}
                  submitLabel={l.active ? 'Deactivate' : 'Reactivate'}
                  variant={l.active ? 'danger' : 'secondary'}
                  label={`${l.active ? 'Deactivate' : 'Reactivate'} ${l.code}`}
                  testId={`location-${l.code}-status`}
                  className="mt-2 border-t border-zinc-200 pt-2 dark:border-zinc-800"
                >
                  <input type="hidden" name="id" value={l.id} />
                  <input type="hidden" name="active" value={l.active ? 'false' : 'true'} />
                </ActionForm>
              </Card>
            </li>
          ))}
        </ul>
      )}
      <Card className="mt-6 p-5">
        <h2 className="mb-3 text-base font-semibold">Add a location</h2>
        <ActionForm action={createLocationAction} submitLabel="Add location" label="Add location" resetOnSuccess>
          <LocationFields />
        </ActionForm>
      </Card>
    </>
  );
}
