/** What an API key may do. Keys carry a subset; each API route requires one scope. */
export const API_SCOPES = ['oplog:write', 'metrics:read', 'inventory:reserve', 'jobs:run'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export const API_SCOPE_LABELS: Record<ApiScope, string> = {
  'oplog:write': 'Write operation logs and login results (ingest API)',
  'metrics:read': 'Scrape GET /api/metrics (Prometheus text format)',
  'inventory:reserve': 'Reserve, release and fulfil stock (storefront reservation API)',
  'jobs:run': 'Run background jobs (POST /api/jobs/<name>, for cron callers)',
};

/** How long a new key lives. The form defaults to 90 days; "never" is a deliberate choice. */
export const API_KEY_EXPIRY_CHOICES = ['30', '90', '365', 'never'] as const;
export type ApiKeyExpiry = (typeof API_KEY_EXPIRY_CHOICES)[number];
export const API_KEY_EXPIRY_LABELS: Record<ApiKeyExpiry, string> = {
  '30': 'In 30 days',
  '90': 'In 90 days',
  '365': 'In a year',
  never: 'Never',
};
export const expiryDays = (choice: ApiKeyExpiry): number | null => (choice === 'never' ? null : Number(choice));
