import { isSaneInstant } from '../validation';
import { KNOWN_ERROR_TYPES, OPERATION_TYPES, AUTH_TYPES } from '../oplog/rules';

/** The dashboards' URL state; one parser serves the pages, the API route and the client. */
export const RANGES = ['1h', '24h', '7d', '30d', 'custom'] as const;
export type RangeKey = (typeof RANGES)[number];
export const REFRESH = ['off', '10s', '30s', '1m'] as const;
export type RefreshKey = (typeof REFRESH)[number];
export const REFRESH_MS: Record<RefreshKey, number | false> = {
  off: false,
  '10s': 10_000,
  '30s': 30_000,
  '1m': 60_000,
};

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const RANGE_MS: Record<Exclude<RangeKey, 'custom'>, number> = {
  '1h': HOUR,
  '24h': DAY,
  '7d': 7 * DAY,
  '30d': 30 * DAY,
};

export type DashboardParams = {
  range: RangeKey;
  from: Date;
  to: Date;
  operationType?: string;
  authType?: string;
  proxy?: string;
  refresh: RefreshKey;
};

/** Rollup grains (db/schema/observability.ts): a range reads a few hundred to a few thousand rows whatever its length. */
export type RollupGrain = 'minute' | 'hour' | 'day';

export type Resolution = { grain: RollupGrain; stepSeconds: number; label: string };

/**
 * Bucket size from the range's length: about 24 to 100 points, read from the coarsest grain that fits, so a
 * 30-day chart reads day rows, not minutes.
 */
export function resolutionFor(spanMs: number): Resolution {
  if (spanMs <= 2 * HOUR) return { grain: 'minute', stepSeconds: 60, label: '1 min' };
  if (spanMs <= 6 * HOUR) return { grain: 'minute', stepSeconds: 300, label: '5 min' };
  if (spanMs <= 2 * DAY) return { grain: 'hour', stepSeconds: 3600, label: '1 h' };
  if (spanMs <= 10 * DAY) return { grain: 'hour', stepSeconds: 6 * 3600, label: '6 h' };
  return { grain: 'day', stepSeconds: 86_400, label: '1 day' };
}

const floorTo = (ms: number, step: number) => Math.floor(ms / step) * step;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** Parses the URL search params; unknown values fall back to defaults (24 h, no filters, no refresh). */
export function parseDashboardParams(
  sp: Record<string, string | string[] | undefined> | URLSearchParams,
  now = new Date(),
): DashboardParams {
  const get = (k: string) => (sp instanceof URLSearchParams ? (sp.get(k) ?? undefined) : one(sp[k]));
  let range = (RANGES as readonly string[]).includes(get('range') ?? '') ? (get('range') as RangeKey) : '24h';
  const refresh = (REFRESH as readonly string[]).includes(get('refresh') ?? '')
    ? (get('refresh') as RefreshKey)
    : 'off';
  let from: Date;
  let to: Date;
  if (range === 'custom') {
    from = new Date(get('from') ?? '');
    to = new Date(get('to') ?? '');
    if (!isSaneInstant(from) || !isSaneInstant(to) || to <= from || to.getTime() - from.getTime() > 400 * DAY) {
      range = '24h';
    }
  }
  if (range !== 'custom') {
    // Ends at the next whole minute so the newest partial minute is included.
    to = new Date(floorTo(now.getTime(), MIN) + MIN);
    from = new Date(to.getTime() - RANGE_MS[range]);
  }
  const op = get('op');
  const auth = get('auth');
  const proxy = get('proxy');
  return {
    range,
    from: from!,
    to: to!,
    operationType: op && (OPERATION_TYPES as readonly string[]).includes(op) ? op : undefined,
    authType: auth && (AUTH_TYPES as readonly string[]).includes(auth) ? auth : undefined,
    proxy: proxy && /^[\w.:-]{1,100}$/.test(proxy) ? proxy : undefined,
    refresh,
  };
}

/** The search string for params (what links and the picker write). */
export function dashboardSearch(p: Partial<DashboardParams> & { range: RangeKey }): string {
  const s = new URLSearchParams();
  s.set('range', p.range);
  if (p.range === 'custom' && p.from && p.to) {
    s.set('from', p.from.toISOString());
    s.set('to', p.to.toISOString());
  }
  if (p.operationType) s.set('op', p.operationType);
  if (p.authType) s.set('auth', p.authType);
  if (p.proxy) s.set('proxy', p.proxy);
  if (p.refresh && p.refresh !== 'off') s.set('refresh', p.refresh);
  return s.toString();
}

/** The support workspace's failing-users list for an error type over (about) the same range. */
export function failingUsersHref(errorType: string, p: { range: RangeKey; authType?: string }): string {
  const s = new URLSearchParams({ error: errorType });
  const r = p.range === '1h' || p.range === 'custom' ? '24h' : p.range;
  s.set('range', r);
  if (p.authType) s.set('auth', p.authType);
  return `/support?${s.toString()}`;
}
