import type { Metadata } from 'next';
import { DataTable, toSearchParams, type Column } from '@/components/data-table/data-table';
import { Badge } from '@/components/ui/badge';
import { buttonClass } from '@/components/ui/button';
import { inputClass, RecordSelect } from '@/components/ui/field';
import { Card, PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { listLocations } from '@/db/queries/inventory-ops';
import { listTransfers } from '@/db/queries/inventory-read';
import { TRANSFER_STATUSES } from '@/lib/inventory/constants';
import { transferList } from '@/lib/lists/inventory';
import { transferQueryOf } from '@/lib/server/lists/inventory-query';
import { requirePermission } from '@/lib/server/page-guard';
import { loadListViews } from '@/lib/server/views';
import { keepFields } from '@/lib/url-state';
import { ListViewsMenu } from '../../views/list-views';
import { ActionForm } from '../action-form';
import { LinesEditor } from '../lines-editor';
import { cancelTransferAction, createTransferAction, receiveTransferAction } from '../actions';
import { InventoryFilters } from '../inventory-filters';

export const metadata: Metadata = { title: 'Transfers' };
const PAGE = 50;

type Row = Awaited<ReturnType<typeof listTransfers>>[number];

const columns: Column<Row>[] = [
  {
    key: 'number',
    label: 'Transfer',
    sortable: true,
    className: 'font-medium whitespace-nowrap',
    cell: (t) => `T-${t.number}`,
  },
  { key: 'route', label: 'From → to', cell: (t) => `${t.from_name} → ${t.to_name}` },
  {
    key: 'status',
    label: 'Status',
    cell: (t) => (
      <Badge tone={t.status === 'in_transit' ? 'amber' : t.status === 'received' ? 'green' : 'neutral'}>
        {t.status.replace('_', ' ')}
      </Badge>
    ),
  },
  { key: 'lines', label: 'Lines', className: 'text-zinc-600 dark:text-zinc-400', cell: (t) => t.lines },
  { key: 'units', label: 'Units', align: 'right', cell: (t) => t.units },
  { key: 'by', label: 'By', className: 'text-zinc-600 dark:text-zinc-400', cell: (t) => t.created_by },
  {
    key: 'actions',
    label: 'Actions',
    srOnly: true,
    cell: (t) =>
      t.status === 'in_transit' && (
        <div className="flex flex-wrap items-start gap-3">
          <ActionForm
            action={receiveTransferAction}
            submitLabel="Receive"
            variant="secondary"
            label={`Receive T-${t.number}`}
            testId={`receive-T-${t.number}-result`}
          >
            <input type="hidden" name="id" value={t.id} />
          </ActionForm>
          <ActionForm
            action={cancelTransferAction}
            submitLabel="Cancel transfer"
            variant="danger"
            label={`Cancel T-${t.number}`}
            testId={`cancel-T-${t.number}-result`}
          >
            <input type="hidden" name="id" value={t.id} />
          </ActionForm>
        </div>
      ),
  },
];

export default async function TransfersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission('inventory.manage', '/inventory/transfers');
  const raw = await searchParams;
  const state = transferList.parse(raw);
  const views = await loadListViews('inventory.transfers', me, raw, state);
  const db = await getDb();
  const [locations, allLocations, transfers] = await Promise.all([
    listLocations(db, { activeOnly: true }),
    listLocations(db),
    listTransfers(db, { ...transferQueryOf(state), limit: PAGE }),
  ]);
  return (
    <>
      <PageHeader
        title="Transfers"
        description="Move stock between locations. Every line leaves the source together, or none does; it shows as incoming at the destination until received."
        actions={
          <a
            href={`/api/inventory/transfers${transferList.query(state)}`}
            className={buttonClass('secondary')}
            data-testid="transfers-csv"
          >
            Export CSV
          </a>
        }
      />
      <ListViewsMenu views={views} />
      <Card className="mb-6 p-5">
        <h2 className="mb-3 text-base font-semibold">New transfer</h2>
        <ActionForm
          action={createTransferAction}
          submitLabel="Ship transfer"
          label="New transfer"
          testId="transfer-result"
        >
          <div className="grid gap-3 sm:grid-cols-2">
            <RecordSelect label="From" name="fromLocationId" records={locations} defaultValue={locations[0]?.id} />
            <RecordSelect label="To" name="toLocationId" records={locations} defaultValue={locations[1]?.id} />
          </div>
          <LinesEditor
            name="lines"
            label="Lines: SKU and quantity, one per line"
            placeholder={'DRS-LIN-M-NAV 4'}
            rows={4}
            locationField="fromLocationId"
          />
          <label className="mt-3 flex items-center gap-2 text-sm">
            <input type="checkbox" name="receiveNow" /> Received at the destination now (same building, no transit)
          </label>
        </ActionForm>
      </Card>
      <InventoryFilters
        label="Filter transfers"
        keep={keepFields(transferList, state)}
        locations={allLocations}
        location={state.filters.location}
        statuses={TRANSFER_STATUSES}
        status={state.filters.status}
      />
      <DataTable
        label="Transfers"
        testId="transfer-list"
        columns={columns}
        visible={state.columns}
        required={transferList.required}
        rows={transfers}
        rowKey={(t) => t.id}
        rowTestId={(t) => `transfer-T-${t.number}`}
        sort={state.sort}
        sortHref={(sort) => transferList.href(state, { sort })}
        params={toSearchParams(raw)}
        empty={{ title: 'No transfers match', body: 'Ship one above, or change the filters.' }}
        pager={{
          next:
            transfers.length === PAGE
              ? transferList.href(state, {}, { before: transfers[transfers.length - 1]!.number })
              : null,
        }}
      />
    </>
  );
}
