import { defineList, field } from '../url-state';

/**
 * The customer profile list's URL state ("size" is "garment:code", e.g. tops:M). Sorts: last updated
 * (customer_profiles_updated_idx) and email (customers_email_key).
 */
export const customerList = defineList({
  path: '/customers',
  permission: 'customers.read',
  fields: {
    size: field.text(40).pipe(field.text(40).regex(/^(tops|bottoms|shoes):[A-Za-z0-9-]{1,10}$/)),
    style: field.text(120),
    colour: field.text(120),
    q: field.text(120),
  },
  paging: { page: field.page() },
  sorts: ['updated'],
  defaultSort: { key: 'updated', dir: 'desc' },
  columns: ['customer', 'sizes', 'fit', 'styles', 'colours', 'updated'],
  required: ['customer'],
});
