import { NextResponse } from 'next/server';
import { NO_STORE } from '@/lib/server/health';
import { publicRoute } from '@/lib/server/route';

export const dynamic = 'force-dynamic';

/**
 * Liveness: the process answers. No database call, and still 200 while draining (a failing liveness probe
 * restarts the process; readiness is what takes it out of rotation).
 */
export const GET = publicRoute(
  'liveness probes come from orchestrators without credentials; reveals no data',
  async () => NextResponse.json({ status: 'ok' }, { headers: NO_STORE }),
);
