import { Badge } from '@/components/ui/badge';
import type { MovementRow } from '@/db/queries/inventory-read';
import { MOVEMENT_KIND_LABELS } from '@/lib/inventory/constants';
import { withinUndoWindow } from '@/lib/inventory/rules';
import { ActionForm } from './action-form';
import { undoAdjustmentAction } from './actions';

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/** The ledger rows; manual adjustments inside the undo window get an Undo button. */
export function MovementList({ rows, now, showSku = true }: { rows: MovementRow[]; now: Date; showSku?: boolean }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" data-testid="movement-table">
        <thead className="bg-zinc-50 text-left text-xs uppercase tracking-wide text-zinc-500 dark:bg-zinc-800/50 dark:text-zinc-400">
          <tr>
            <th className="px-4 py-2">When</th>
            <th className="px-4 py-2">Kind</th>
            {showSku && <th className="px-4 py-2">SKU</th>}
            <th className="px-4 py-2">Location</th>
            <th className="px-4 py-2 text-right">On hand</th>
            <th className="px-4 py-2 text-right">Reserved</th>
            <th className="px-4 py-2">Reason / reference</th>
            <th className="px-4 py-2">By</th>
            <th className="px-4 py-2">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {rows.map((m) => (
            <tr key={m.id} data-testid={`movement-${m.id}`}>
              <td className="whitespace-nowrap px-4 py-2 text-zinc-500">{m.createdAt.toISOString().slice(0, 16).replace('T', ' ')}</td>
              <td className="px-4 py-2">
                <Badge tone={m.onHandDelta < 0 ? 'red' : m.onHandDelta > 0 ? 'green' : 'blue'}>{MOVEMENT_KIND_LABELS[m.kind]}</Badge>
              </td>
              {showSku && <td className="px-4 py-2 font-medium">{m.sku}</td>}
              <td className="px-4 py-2">{m.location}</td>
              <td className="px-4 py-2 text-right tabular-nums">{m.onHandDelta ? signed(m.onHandDelta) : ''}</td>
              <td className="px-4 py-2 text-right tabular-nums">{m.reservedDelta ? signed(m.reservedDelta) : ''}</td>
              <td className="px-4 py-2 text-zinc-600 dark:text-zinc-400">{[m.reason, m.reference].filter(Boolean).join(' · ')}</td>
              <td className="px-4 py-2 text-zinc-500">{m.actor}</td>
              <td className="px-4 py-2">
                {m.kind === 'adjustment' && m.undoesId === null && m.undoneBy === null && withinUndoWindow(m.createdAt, now) && (
                  <ActionForm action={undoAdjustmentAction} submitLabel="Undo" variant="secondary" label={`Undo movement ${m.id}`}>
                    <input type="hidden" name="movementId" value={m.id} />
                  </ActionForm>
                )}
                {m.undoneBy !== null && <span className="text-xs text-zinc-500">undone</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
