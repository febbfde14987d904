import { isSaneInstant } from '../validation';
import { KNOWN_ERROR_TYPES, OPERATION_TYPES, AUTH_TYPES } from '../oplog/rules';
import { defineParams, field } from '../url-state';
import { z } from '../zod';

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

/** An instant as the custom range writes it (ISO 8601); checked for sanity after parsing. */
const instant = () =>
  z
    .string()
    .max(40)
    .refine((v) => isSaneInstant(new Date(v)));

/**
 * The dashboards' URL params on the one URL-state layer (lib/url-state.ts): the pages, the API route, the toolbar
 * and alert links parse and write them through this. Invalid values fall back to the defaults.
 */
export const dashboardParams = defineParams({
  range: field.oneOf(RANGES),
  from: instant(),
  to: instant(),
  // Kept as plain strings: the dashboards compare and write them as such.
  op: z.string().refine((v) => (OPERATION_TYPES as readonly string[]).includes(v)),
  auth: z.string().refine((v) => (AUTH_TYPES as readonly string[]).includes(v)),
  proxy: z.string().regex(/^[\w.:-]{1,100}$/),
  refresh: field.oneOf(REFRESH),
});

/** Parses the URL search params; unknown values fall back to defaults (24 h, no filters, no refresh). */
export function parseDashboardParams(
  sp: Record<string, string | string[] | undefined> | URLSearchParams,
  now = new Date(),
): DashboardParams {
  const { values: v } = dashboardParams.parse(sp);
  let range: RangeKey = v.range ?? '24h';
  let from: Date | undefined;
  let to: Date | undefined;
  if (range === 'custom') {
    from = v.from ? new Date(v.from) : undefined;
    to = v.to ? new Date(v.to) : undefined;
    // A custom range needs both ends, in order, and at most 400 days (the rollups' retention and then some).
    if (!from || !to || to <= from || to.getTime() - from.getTime() > 400 * DAY) range = '24h';
  }
  if (range !== 'custom') {
    // Ends at the next whole minute so the newest partial minute is included.
    to = new Date(floorTo(now.getTime(), MIN) + MIN);
    from = new Date(to.getTime() - RANGE_MS[range]);
  }
  return {
    range,
    from: from!,
    to: to!,
    operationType: v.op,
    authType: v.auth,
    proxy: v.proxy,
    refresh: v.refresh ?? 'off',
  };
}

/** The search string for params (what links and the picker write): the range always, the rest when set. */
export function dashboardSearch(p: Partial<DashboardParams> & { range: RangeKey }): string {
  const custom = p.range === 'custom' && p.from && p.to;
  return dashboardParams.query({
    range: p.range,
    from: custom ? p.from!.toISOString() : undefined,
    to: custom ? p.to!.toISOString() : undefined,
    op: p.operationType,
    auth: p.authType,
    proxy: p.proxy,
    refresh: p.refresh && p.refresh !== 'off' ? p.refresh : undefined,
  });
}

/** The support workspace's failing-users list for an error type over (about) the same range. */
export function failingUsersHref(errorType: string, p: { range: RangeKey; authType?: string }): string {
  const s = new URLSearchParams({ error: errorType });
  const r = p.range === '1h' || p.range === 'custom' ? '24h' : p.range;
  s.set('range', r);
  if (p.authType) s.set('auth', p.authType);
  return `/support?${s.toString()}`;
}
