import { NextResponse } from 'next/server';
import { getDb, getLogReadDb } from '@/db/client';
import { getDashboardView, isDashboardView } from '@/lib/server/dashboard-views';
import { parseDashboardParams } from '@/lib/observability/range';
import { errorResponse, staffRoute } from '@/lib/server/route';

/** What the dashboards poll: `?view=overview|operations|errors|proxies|sessions` plus the page's URL state. */
export const GET = staffRoute('dashboards.read', async (req) => {
  const url = new URL(req.url);
  const view = url.searchParams.get('view') ?? 'overview';
  if (!isDashboardView(view)) return errorResponse('invalid', `Unknown view ${view}.`);
  const params = parseDashboardParams(url.searchParams);
  const data = await getDashboardView(await getLogReadDb(), view, params, await getDb());
  return NextResponse.json(data, { headers: { 'cache-control': 'no-store' } });
});
