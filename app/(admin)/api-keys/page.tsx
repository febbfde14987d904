import type { Metadata } from 'next';
import { DataTable, toSearchParams, type Column } from '@/components/data-table/data-table';
import { FilterBar, SelectFilter } from '@/components/data-table/filter-bar';
import { Badge } from '@/components/ui/badge';
import { buttonClass } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { listApiKeys } from '@/db/queries/api-keys';
import { formatDateTime, formatRelative } from '@/lib/format';
import { apiKeyList } from '@/lib/lists/api-keys';
import { requirePermission } from '@/lib/server/page-guard';
import { loadListViews } from '@/lib/server/views';
import { keepFields } from '@/lib/url-state';
import { ListViewsMenu } from '../views/list-views';
import { CreateApiKey } from './create-api-key';
import { RevokeButton } from './revoke-button';

export const metadata: Metadata = { title: 'API keys' };

const STATUS = [
  { value: 'active', label: 'Active' },
  { value: 'expired', label: 'Expired' },
  { value: 'revoked', label: 'Revoked' },
];

type Row = Awaited<ReturnType<typeof listApiKeys>>[number];

const muted = 'text-zinc-600 dark:text-zinc-400';

const columns: Column<Row>[] = [
  {
    key: 'name',
    label: 'Name',
    sortable: true,
    cell: (k) => (
      <>
        <p className="font-medium">{k.name}</p>
        <p className={`text-xs ${muted}`} title={formatDateTime(k.createdAt)}>
          created {formatRelative(k.createdAt)} by {k.createdBy ?? 'a former admin'}
        </p>
      </>
    ),
  },
  { key: 'key', label: 'Key', className: 'font-mono text-xs', cell: (k) => `${k.prefix}…` },
  { key: 'scopes', label: 'Scopes', hideBelow: 'md', className: 'font-mono text-xs', cell: (k) => k.scopes.join(', ') },
  {
    key: 'lastUsed',
    label: 'Last used',
    sortable: true,
    className: muted,
    cell: (k) => (
      <span title={formatDateTime(k.lastUsedAt)}>{k.lastUsedAt ? formatRelative(k.lastUsedAt) : 'Never used'}</span>
    ),
  },
  {
    key: 'expires',
    label: 'Expires',
    className: muted,
    cell: (k) => (
      <span data-testid={`api-key-expiry-${k.name}`}>
        {k.expiresAt === null ? (
          'Never'
        ) : k.expired ? (
          <Badge tone="amber">Expired {formatDateTime(k.expiresAt)}</Badge>
        ) : (
          formatDateTime(k.expiresAt)
        )}
      </span>
    ),
  },
  {
    key: 'status',
    label: 'Status',
    cell: (k) =>
      k.revokedAt ? (
        <Badge tone="neutral">Revoked {formatRelative(k.revokedAt)}</Badge>
      ) : (
        <RevokeButton id={k.id} name={k.name} />
      ),
  },
];

export default async function ApiKeysPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requirePermission('apiKeys.manage', '/api-keys');
  const raw = await searchParams;
  const state = apiKeyList.parse(raw);
  const views = await loadListViews('api-keys', me, raw, state);
  const keys = await listApiKeys(await getDb(), { status: state.filters.status, sort: state.sort });
  return (
    <>
      <PageHeader
        title="API keys"
        description="Keys let the platform tooling send operation logs and login results (see /api/openapi.json). Only a hash is stored; a key is shown once, when created."
        actions={
          <a
            href={`/api/api-keys${apiKeyList.query(state)}`}
            className={buttonClass('secondary')}
            data-testid="api-keys-csv"
          >
            Export CSV
          </a>
        }
      />
      <ListViewsMenu views={views} />
      <CreateApiKey />
      <FilterBar label="Filter API keys" keep={keepFields(apiKeyList, state)}>
        <SelectFilter
          label="Status"
          name="status"
          value={state.filters.status}
          options={STATUS}
          anyLabel="Any status"
        />
      </FilterBar>
      <DataTable
        label="API keys"
        testId="api-keys-table"
        columns={columns}
        visible={state.columns}
        required={apiKeyList.required}
        rows={keys}
        rowKey={(k) => k.id}
        rowTestId={(k) => `api-key-${k.name}`}
        sort={state.sort}
        sortHref={(sort) => apiKeyList.href(state, { sort })}
        params={toSearchParams(raw)}
        toolbar={`${keys.length} key${keys.length === 1 ? '' : 's'}`}
        empty={
          state.filters.status
            ? { title: `No ${state.filters.status} keys`, body: 'Choose another status.' }
            : {
                title: 'No API keys yet',
                body: 'Create one for each system that sends data, so it can be revoked on its own.',
              }
        }
      />
    </>
  );
}
