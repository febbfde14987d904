import { formatDateTime, formatRelative, formatValue } from '@/lib/format';
import type { AuditChanges } from '@/lib/audit-diff';
import Link from 'next/link';
import { actionLabel } from '@/lib/audit/actions';
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

/** The subject, named and linked to its page when there is one: "product Linen wrap dress". */
export function AuditSubject({ row }: { row: AuditListRow }) {
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
            <AuditSentence row={row} describeEntity={describeEntity} />
            <time
              dateTime={new Date(row.createdAt).toISOString()}
              title={formatDateTime(row.createdAt)}
              className="text-xs text-zinc-600 dark:text-zinc-400"
            >
              {formatRelative(row.createdAt)}
            </time>
          </div>
          <AuditChangeList changes={row.changes} />
        </li>
      ))}
    </ol>
  );
}

/** "Ann changed product Linen wrap dress": who, the action, the subject (named and linked). */
export function AuditSentence({
  row,
  describeEntity,
}: {
  row: AuditListRow;
  describeEntity?: (row: AuditListRow) => string;
}) {
  return (
    <p>
      <span className="font-medium">{row.actorName ?? row.actorLabel}</span>{' '}
      <span className="text-zinc-600 dark:text-zinc-400">{actionLabel(row.action)}</span>{' '}
      {describeEntity ? <span className="font-medium">{describeEntity(row)}</span> : <AuditSubject row={row} />}
    </p>
  );
}

/** Each changed field's before → after. */
export function AuditChangeList({ changes }: { changes: AuditChanges }) {
  if (Object.keys(changes).length === 0) return null;
  return (
    <dl className="mt-1.5 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-0.5 text-xs">
      {Object.entries(changes).map(([field, [from, to]]) => (
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
            {to === null ? '' : <span className="text-emerald-700 dark:text-emerald-400">{formatValue(to)}</span>}
          </dd>
        </div>
      ))}
    </dl>
  );
}
