import { NextResponse } from 'next/server';
import { NO_STORE, readiness } from '@/lib/server/health';
import { publicRoute } from '@/lib/server/route';

export const dynamic = 'force-dynamic';

/** Readiness: 200 when the database answers, migrations are current and the process is not draining; else 503. */
export const GET = publicRoute(
  'readiness probes come from orchestrators without credentials; reveals no data',
  async () => {
    const r = await readiness();
    return NextResponse.json(r.body, { status: r.ok ? 200 : 503, headers: NO_STORE });
  },
);
