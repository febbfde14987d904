import type { Metadata } from 'next';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { Card, PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { listApiKeys } from '@/db/queries/api-keys';
import { formatDateTime, formatRelative } from '@/lib/format';
import { requirePermission } from '@/lib/server/page-guard';
import { CreateApiKey } from './create-api-key';
import { RevokeButton } from './revoke-button';

export const metadata: Metadata = { title: 'API keys' };

export default async function ApiKeysPage() {
  await requirePermission('apiKeys.manage', '/api-keys');
  const keys = await listApiKeys(await getDb());
  return (
    <>
      <PageHeader
        title="API keys"
        description="Keys let the platform tooling send operation logs and login results (see /api/openapi.json). Only a hash is stored; a key is shown once, when created."
      />
      <CreateApiKey />
      <Card className="overflow-hidden">
        {keys.length === 0 ? (
          <div className="p-6">
            <EmptyState title="No API keys yet">
              Create one for each system that sends data, so it can be revoked on its own.
            </EmptyState>
          </div>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="api-keys-table">
              <thead className="border-b border-zinc-200 bg-zinc-50 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800 dark:bg-zinc-900/60">
                <tr>
                  <th className="px-4 py-2.5 font-medium">Name</th>
                  <th className="px-4 py-2.5 font-medium">Key</th>
                  <th className="px-4 py-2.5 font-medium">Scopes</th>
                  <th className="px-4 py-2.5 font-medium">Last used</th>
                  <th className="px-4 py-2.5 font-medium">Expires</th>
                  <th className="px-4 py-2.5 font-medium">Status</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
                {keys.map((k) => (
                  <tr key={k.id} data-testid={`api-key-${k.name}`}>
                    <td className="px-4 py-3">
                      <p className="font-medium">{k.name}</p>
                      <p className="text-xs text-zinc-500" title={formatDateTime(k.createdAt)}>
                        created {formatRelative(k.createdAt)} by {k.createdBy ?? 'a former admin'}
                      </p>
                    </td>
                    <td className="px-4 py-3 font-mono text-xs">{k.prefix}…</td>
                    <td className="px-4 py-3 font-mono text-xs">{k.scopes.join(', ')}</td>
                    <td className="px-4 py-3 text-zinc-600 dark:text-zinc-400" title={formatDateTime(k.lastUsedAt)}>
                      {k.lastUsedAt ? formatRelative(k.lastUsedAt) : 'Never used'}
                    </td>
                    <td className="px-4 py-3 text-zinc-600 dark:text-zinc-400" data-testid={`api-key-expiry-${k.name}`}>
                      {k.expiresAt === null ? (
                        'Never'
                      ) : k.expired ? (
                        <Badge tone="amber">Expired {formatDateTime(k.expiresAt)}</Badge>
                      ) : (
                        formatDateTime(k.expiresAt)
                      )}
                    </td>
                    <td className="px-4 py-3">
                      {k.revokedAt ? (
                        <Badge tone="neutral">Revoked {formatRelative(k.revokedAt)}</Badge>
                      ) : (
                        <RevokeButton id={k.id} name={k.name} />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
