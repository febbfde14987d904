import type { Column, DataTableProps } from '@/components/data-table/data-table';
import { DataTable } from '@/components/data-table/data-table';
import { Badge } from '@/components/ui/badge';
import type { MovementRow } from '@/db/queries/inventory-read';
import { MOVEMENT_KIND_LABELS } from '@/lib/inventory/constants';
import { withinUndoWindow } from '@/lib/inventory/rules';
import { ActionForm } from './action-form';
import { undoAdjustmentAction } from './actions';

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/** The ledger's columns (keys as in lib/lists/inventory.ts); manual adjustments inside the undo window get Undo. */
export function movementColumns(now: Date): Column<MovementRow>[] {
  return [
    {
      key: 'when',
      label: 'When',
      sortable: true,
      className: 'whitespace-nowrap text-zinc-600 dark:text-zinc-400',
      cell: (m) => m.createdAt.toISOString().slice(0, 16).replace('T', ' '),
    },
    {
      key: 'kind',
      label: 'Kind',
      cell: (m) => (
        <Badge tone={m.onHandDelta < 0 ? 'red' : m.onHandDelta > 0 ? 'green' : 'blue'}>
          {MOVEMENT_KIND_LABELS[m.kind]}
        </Badge>
      ),
    },
    { key: 'sku', label: 'SKU', className: 'font-medium', cell: (m) => m.sku },
    { key: 'location', label: 'Location', cell: (m) => m.location },
    { key: 'onHand', label: 'On hand', align: 'right', cell: (m) => (m.onHandDelta ? signed(m.onHandDelta) : '') },
    {
      key: 'reserved',
      label: 'Reserved',
      align: 'right',
      cell: (m) => (m.reservedDelta ? signed(m.reservedDelta) : ''),
    },
    {
      key: 'reason',
      label: 'Reason / reference',
      className: 'text-zinc-600 dark:text-zinc-400',
      cell: (m) => [m.reason, m.reference].filter(Boolean).join(' · '),
    },
    { key: 'actor', label: 'By', className: 'text-zinc-600 dark:text-zinc-400', cell: (m) => m.actor },
    {
      key: 'undo',
      label: 'Undo',
      srOnly: true,
      cell: (m) => (
        <>
          {m.kind === 'adjustment' &&
            m.undoesId === null &&
            m.undoneBy === null &&
            withinUndoWindow(m.createdAt, now) && (
              <ActionForm
                action={undoAdjustmentAction}
                submitLabel="Undo"
                variant="secondary"
                label={`Undo movement ${m.id}`}
              >
                <input type="hidden" name="movementId" value={m.id} />
              </ActionForm>
            )}
          {m.undoneBy !== null && <span className="text-xs text-zinc-600 dark:text-zinc-400">undone</span>}
        </>
      ),
    },
  ];
}

type Props = { rows: MovementRow[]; now: Date; showSku?: boolean } & Partial<
  Pick<
    DataTableProps<MovementRow>,
    'sort' | 'sortHref' | 'visible' | 'params' | 'pager' | 'required' | 'toolbar' | 'empty'
  >
>;

/** The ledger rows as the shared data table. */
export function MovementList({ rows, now, showSku = true, ...table }: Props) {
  const columns = movementColumns(now).filter((c) => showSku || c.key !== 'sku');
  return (
    <DataTable
      label="Stock movements"
      testId="movement-table"
      columns={columns}
      rows={rows}
      rowKey={(m) => m.id}
      rowTestId={(m) => `movement-${m.id}`}
      empty={{ title: 'No movements match', body: 'Change the filters.' }}
      {...table}
    />
  );
}
