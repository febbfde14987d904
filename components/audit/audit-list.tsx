import { formatDateTime, formatRelative, formatValue } from '@/lib/format';
import type { AuditChanges } from '@/lib/audit-diff';
import Link from 'next/link';
import { AUDIT_ENTITIES, auditEntityHref, fallbackSubject, isAuditEntityType } from '@/lib/audit/entities';
import { EmptyState } from '../ui/empty-state';

export type AuditListRow = {
  id: number;
  actorLabel: string;
  actorName: string | null;
  subjectName: string | null;
  /** The second key the subject's page needs (a staff account's email, a stock level's variant); see lib/audit/entities. */
  subjectRef?: string | null;
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
  save_draft: 'saved a draft of',
  status: 'changed the status of',
  receive: 'received',
  cancel: 'cancelled',
  revoke: 'revoked',
  cycle_count: 'counted stock at',
  undo: 'undid a movement of',
  update_sizes: 'changed the sizes of',
  update_categories: 'changed the categories of',
};

/** The subject, named and linked to its page when there is one: "product Linen wrap dress". */
function Subject({ row }: { row: AuditListRow }) {
  const name = row.subjectName ?? fallbackSubject(row.entityType, row.entityId);
  const href = row.subjectName === null ? null : auditEntityHref(row.entityType, row.entityId, row.subjectRef ?? null);
  const noun = isAuditEntityType(row.entityType) ? AUDIT_ENTITIES[row.entityType].noun : null;
  return (
    <>
      {noun && row.subjectName !== null && <span className="text-zinc-600 dark:text-zinc-400">{noun} </span>}
      {href ? (
        <Link href={href} className="font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-100">
          {name}
        </Link>
      ) : (
        <span className="font-medium">{name}</span>
      )}
    </>
  );
}

/** An audit trail: who, what, when, and each field's before → after. Shared by every feature's history view. */
export function AuditList({
  rows,
  describeEntity,
}: {
  rows: AuditListRow[];
  describeEntity?: (row: AuditListRow) => string;
}) {
  if (rows.length === 0) {
    return (
      <EmptyState title="No changes recorded yet">
        Changes to staff, catalog and stock appear here with who made them and when.
      </EmptyState>
    );
  }
  return (
    <ol className="divide-y divide-zinc-200 dark:divide-zinc-800" data-testid="audit-list">
      {rows.map((row) => (
        <li key={row.id} className="py-3 text-sm">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <p>
              <span className="font-medium">{row.actorName ?? row.actorLabel}</span>{' '}
              <span className="text-zinc-600 dark:text-zinc-400">
                {ACTION_LABELS[row.action] ?? row.action.replaceAll('_', ' ')}
              </span>{' '}
              {describeEntity ? <span className="font-medium">{describeEntity(row)}</span> : <Subject row={row} />}
            </p>
            <time
              dateTime={new Date(row.createdAt).toISOString()}
              title={formatDateTime(row.createdAt)}
              className="text-xs text-zinc-600 dark:text-zinc-400"
            >
              {formatRelative(row.createdAt)}
            </time>
          </div>
          {Object.keys(row.changes).length > 0 && (
            <dl className="mt-1.5 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-0.5 text-xs">
              {Object.entries(row.changes).map(([field, [from, to]]) => (
                <div key={field} className="contents">
                  <dt className="text-zinc-600 dark:text-zinc-400">{field}</dt>
                  <dd className="font-mono text-zinc-700 dark:text-zinc-300">
                    {from === null ? (
                      ''
                    ) : (
                      <span className="text-red-700 line-through decoration-red-400/60 dark:text-red-400">
                        {formatValue(from)}
                      </span>
                    )}
                    {from !== null && to !== null && ' → '}
                    {to === null ? (
                      ''
                    ) : (
                      <span className="text-emerald-700 dark:text-emerald-400">{formatValue(to)}</span>
                    )}
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
