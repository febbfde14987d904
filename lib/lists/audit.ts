import { AUDIT_ENTITY_TYPES } from '../audit/entities';
import { defineList, field } from '../url-state';

/**
 * The audit log's URL state (page, CSV export, saved views). Filters: person, entity type, a range of whole UTC
 * days. Sort: when, by the log's id (its primary key is its time order), both ways, keyset-paged on the id.
 */
export const auditList = defineList({
  path: '/audit',
  permission: 'audit.read',
  fields: {
    actor: field.uuid(),
    entity: field.oneOf(AUDIT_ENTITY_TYPES),
    from: field.date(),
    to: field.date(),
  },
  // Keyset cursor: the id the page continues from, in the sort's direction.
  paging: { before: field.id() },
  sorts: ['when'],
  defaultSort: { key: 'when', dir: 'desc' },
  columns: ['when', 'change', 'changes'],
  required: ['change'],
});
