import { NextResponse } from 'next/server';
import { sql } from 'drizzle-orm';
import { getDbHandle } from '@/db/client';
import { migrationState } from '@/db/migrate';
import { describeStartupError } from '@/lib/server/boot';
import { publicRoute } from '@/lib/server/route';

export const dynamic = 'force-dynamic';

/** Liveness for load balancers: database reachable, driver, applied migration. 503 with the reason when not. */
export const GET = publicRoute('health checks come from load balancers without credentials; reveals no data', async () => {
  let target: string | undefined;
  try {
    const handle = await getDbHandle();
    target = handle.target;
    await handle.db.execute(sql`select 1`);
    const state = await migrationState(handle);
    const ok = state.pending === 0;
    return NextResponse.json(
      {
        status: ok ? 'ok' : 'degraded',
        database: 'reachable',
        driver: handle.driver,
        migration: state.applied,
        ...(ok ? {} : { reason: `${state.pending} migration(s) not applied; latest is ${state.latest}` }),
      },
      { status: ok ? 200 : 503, headers: { 'cache-control': 'no-store' } },
    );
  } catch (err) {
    return NextResponse.json(
      { status: 'unavailable', database: 'unreachable', reason: describeStartupError(err, target) },
      { status: 503, headers: { 'cache-control': 'no-store' } },
    );
  }
});
