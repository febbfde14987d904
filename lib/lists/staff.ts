import { ROLES } from '../roles';
import { defineList, field } from '../url-state';

/** The staff list's URL state (page, links, views). Sorts: name (users_name_idx) and email (users_email_lower_key). */
export const staffList = defineList({
  path: '/staff',
  permission: 'staff.manage',
  fields: { q: field.text(100), role: field.oneOf(ROLES), status: field.oneOf(['active', 'inactive']) },
  paging: { page: field.page() },
  sorts: ['name', 'email'],
  defaultSort: { key: 'name', dir: 'asc' },
  columns: ['name', 'status', 'lastLogin', 'access'],
  required: ['name'],
});
