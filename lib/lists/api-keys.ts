import { defineList, field } from '../url-state';

/**
 * The API key list: tens of rows, read whole; sorted in SQL (created by api_keys_created_idx; name and last use
 * need no index at this size).
 */
export const apiKeyList = defineList({
  path: '/api-keys',
  permission: 'apiKeys.manage',
  fields: { status: field.oneOf(['active', 'revoked', 'expired']) },
  sorts: ['created', 'name', 'lastUsed'],
  defaultSort: { key: 'created', dir: 'desc' },
  columns: ['name', 'key', 'scopes', 'lastUsed', 'expires', 'status'],
  required: ['name'],
});
