import type { Metadata } from 'next';
import { DataTable, toSearchParams, type Column } from '@/components/data-table/data-table';
import { FilterBar, SelectFilter } from '@/components/data-table/filter-bar';
import { Badge } from '@/components/ui/badge';
import { buttonClass } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { Card, PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { listLocations } from '@/db/queries/inventory-ops';
import { locationList } from '@/lib/lists/inventory';
import { locationQueryOf } from '@/lib/server/lists/inventory-query';
import { requirePermission } from '@/lib/server/page-guard';
import { loadListViews } from '@/lib/server/views';
import { keepFields } from '@/lib/url-state';
import { ListViewsMenu } from '../../views/list-views';
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

const STATUS = [
  { value: 'active', label: 'Active' },
  { value: 'inactive', label: 'Inactive' },
];

type Row = Awaited<ReturnType<typeof listLocations>>[number];

const columns: Column<Row>[] = [
  { key: 'code', label: 'Code', sortable: true, className: 'font-medium', cell: (l) => l.code },
  { key: 'name', label: 'Name', sortable: true, cell: (l) => l.name },
  {
    key: 'address',
    label: 'Address',
    hideBelow: 'md',
    className: 'text-zinc-600 dark:text-zinc-400',
    cell: (l) => l.address || '—',
  },
  {
    key: 'status',
    label: 'Status',
    sortable: true,
    cell: (l) => (l.active ? <Badge tone="green">active</Badge> : <Badge tone="neutral">inactive</Badge>),
  },
  {
    key: 'edit',
    label: 'Edit',
    srOnly: true,
    cell: (l) => (
      <details>
        <summary className="cursor-pointer text-sm text-brand-700 hover:underline dark:text-brand-100">
          Edit {l.code}
        </summary>
        <div className="mt-3 min-w-72 sm:min-w-[32rem]">
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
        </div>
      </details>
    ),
  },
];

export default async function LocationsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission('inventory.manage', '/inventory/locations');
  const raw = await searchParams;
  const state = locationList.parse(raw);
  const views = await loadListViews('inventory.locations', me, raw, state);
  const locations = await listLocations(await getDb(), locationQueryOf(state));
  return (
    <>
      <PageHeader
        title="Locations"
        description="Warehouses and stores. An inactive location keeps its stock (listed, marked inactive) but takes no new receipts, transfers or reservations."
        actions={
          <a
            href={`/api/inventory/locations${locationList.query(state)}`}
            className={buttonClass('secondary')}
            data-testid="locations-csv"
          >
            Export CSV
          </a>
        }
      />
      <ListViewsMenu views={views} />
      <FilterBar label="Filter locations" keep={keepFields(locationList, state)}>
        <SelectFilter
          label="Status"
          name="status"
          value={state.filters.status}
          options={STATUS}
          anyLabel="Any status"
        />
      </FilterBar>
      <DataTable
        label="Locations"
        testId="location-list"
        columns={columns}
        visible={state.columns}
        required={locationList.required}
        rows={locations}
        rowKey={(l) => l.id}
        rowTestId={(l) => `location-${l.code}`}
        sort={state.sort}
        sortHref={(sort) => locationList.href(state, { sort })}
        params={toSearchParams(raw)}
        toolbar={`${locations.length} location${locations.length === 1 ? '' : 's'}`}
        empty={
          state.filters.status
            ? { title: `No ${state.filters.status} locations`, body: 'Choose another status.' }
            : { title: 'No locations yet', body: 'Add the first one below.' }
        }
      />
      <Card className="mt-6 p-5">
        <h2 className="mb-3 text-base font-semibold">Add a location</h2>
        <ActionForm action={createLocationAction} submitLabel="Add location" label="Add location" resetOnSuccess>
          <LocationFields />
        </ActionForm>
      </Card>
    </>
  );
}
