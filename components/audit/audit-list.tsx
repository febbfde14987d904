import { formatDateTime, formatRelative, formatValue } from '@/lib/format';
import type { AuditChanges } from '@/lib/audit-diff';
import { EmptyState } from '../ui/empty-state';

export type AuditListRow = {
  id: number;
  actorLabel: string;
  actorName: string | null;
  subjectName: string | null;
  entityType: string;
  entityId: string;
  action: string;
  changes: AuditChanges;
  createdAt: Date;
};

const ACTION_LABELS: Record<string, string> = {
  create: 'created',
  change_role: 'changed the role of',
  deactivate: 'deactivated',
  reactivate: 'reactivated',
  reset_password: 'reset the password of',
  end_sessions: 'ended the sessions of',
  unlock: 'lifted the sign-in lock of',
  update: 'changed',
  bulk_update: 'changed (bulk)',
  import: 'changed by CSV import',
  add_variants: 'added variants to',
  update_variant: 'changed a variant of',
};

/** An audit trail: who, what, when, and each field's before → after. Shared by every feature's history view. */
export function AuditList({ rows, describeEntity }: { rows: AuditListRow[]; describeEntity?: (row: AuditListRow) => string }) {
  if (rows.length === 0) {
    return <EmptyState title="No changes recorded yet">Changes to staff, catalog and stock appear here with who made them and when.</EmptyState>;
  }
  return (
    <ol className="divide-y divide-zinc-200 dark:divide-zinc-800" data-testid="audit-list">
      {rows.map((row) => (
        <li key={row.id} className="py-3 text-sm">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <p>
              <span className="font-medium">{row.actorName ?? row.actorLabel}</span>{' '}
              <span className="text-zinc-600 dark:text-zinc-400">{ACTION_LABELS[row.action] ?? row.action.replaceAll('_', ' ')}</span>{' '}
              <span className="font-medium">{describeEntity ? describeEntity(row) : (row.subjectName ?? `${row.entityType} ${row.entityId.slice(0, 8)}`)}</span>
            </p>
            <time dateTime={new Date(row.createdAt).toISOString()} title={formatDateTime(row.createdAt)} className="text-xs text-zinc-500">
              {formatRelative(row.createdAt)}
            </time>
          </div>
          {Object.keys(row.changes).length > 0 && (
            <dl className="mt-1.5 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-0.5 text-xs">
              {Object.entries(row.changes).map(([field, [from, to]]) => (
                <div key={field} className="contents">
                  <dt className="text-zinc-500">{field}</dt>
                  <dd className="font-mono text-zinc-700 dark:text-zinc-300">
                    {from === null ? '' : <span className="text-red-700 line-through decoration-red-400/60 dark:text-red-400">{formatValue(from)}</span>}
                    {from !== null && to !== null && ' → '}
                    {to === null ? '' : <span className="text-emerald-700 dark:text-emerald-400">{formatValue(to)}</span>}
                  </dd>
                </div>
              ))}
            </dl>
          )}
        </li>
      ))}
    </ol>
  );
}
