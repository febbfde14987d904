import { NextResponse } from 'next/server';
import { NO_STORE, readiness } from '@/lib/server/health';
import { publicRoute } from '@/lib/server/route';

export const dynamic = 'force-dynamic';

/**
 * The original health check, kept for compatibility: the same answer as /api/health/ready (database reachable,
 * migrations current, not shutting down), 503 with the reason when not.
 */
export const GET = publicRoute(
  'health checks come from load balancers without credentials; reveals no data',
  async () => {
    const r = await readiness();
    return NextResponse.json(r.body, { status: r.ok ? 200 : 503, headers: NO_STORE });
  },
);
