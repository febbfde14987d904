/** What an API key may do. Keys carry a subset; each API route requires one scope. */
export const API_SCOPES = ['oplog:write', 'metrics:read', 'inventory:reserve', 'jobs:run'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export const API_SCOPE_LABELS: Record<ApiScope, string> = {
  'oplog:write': 'Write operation logs and login results (ingest API)',
  'metrics:read': 'Scrape GET /api/metrics (Prometheus text format)',
  'inventory:reserve': 'Reserve, release and fulfil stock (storefront reservation API)',
  'jobs:run': 'Run background jobs (POST /api/jobs/<name>, for cron callers)',
};
