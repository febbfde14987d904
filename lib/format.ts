const ABSOLUTE = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

/** "22 Nov 2026, 14:05 UTC": server-rendered, so it names its zone rather than guess the reader's. */
export function formatDateTime(value: Date | string | null | undefined): string {
  if (!value) return '—';
  return `${ABSOLUTE.format(new Date(value))} UTC`;
}

/** "3 min ago", "2 h ago", "5 d ago"; falls back to the date past a month. */
export function formatRelative(value: Date | string | null | undefined, now = new Date()): string {
  if (!value) return 'never';
  const seconds = Math.round((now.getTime() - new Date(value).getTime()) / 1000);
  if (seconds < 45) return 'just now';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h ago`;
  if (seconds < 30 * 86_400) return `${Math.round(seconds / 86_400)} d ago`;
  return formatDateTime(value);
}

export function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
