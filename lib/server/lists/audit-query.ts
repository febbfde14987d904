import type { AuditFilter } from '../../../db/queries/audit';
import type { auditList } from '../../lists/audit';

type AuditState = Pick<ReturnType<typeof auditList.parse>, 'filters' | 'sort' | 'paging'>;

/**
 * The audit log's query from its URL state: the page and the CSV export run exactly this. Whole UTC days, `to`
 * inclusive; a range given backwards is swapped, so "from the 10th to the 3rd" still means those days.
 */
export function auditQueryOf(state: AuditState): AuditFilter {
  const f = state.filters;
  const [from, to] = f.from && f.to && f.from > f.to ? [f.to, f.from] : [f.from, f.to];
  return {
    entityType: f.entity,
    actorId: f.actor,
    from: from ? new Date(`${from}T00:00:00Z`) : undefined,
    until: to ? new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000) : undefined,
    before: state.paging.before,
    dir: state.sort.dir,
  };
}
