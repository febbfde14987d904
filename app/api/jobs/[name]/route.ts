import { NextResponse } from 'next/server';
import { isJobName, JOB_NAMES, runJob } from '@/lib/server/jobs';
import { apiKeyRoute, errorResponse } from '@/lib/server/route';

export const dynamic = 'force-dynamic';

/**
 * Runs one background job now, for cron callers (Vercel Cron, Kubernetes CronJobs, pg_cron via http): 200 with
 * its summary when it ran here, 202 when another process holds its lease (it is running there), 404 for an
 * unknown job. Same registry and lease as the in-process timers and `npm run job:<name>`.
 */
export const POST = apiKeyRoute('jobs:run', async (_req, _key, ctx) => {
  const { name } = (await ctx.params) as { name?: string };
  if (!name || !isJobName(name))
    return errorResponse('not_found', `No job ${name ?? ''}; the jobs are ${JOB_NAMES.join(', ')}.`);
  const r = await runJob(name);
  return NextResponse.json(r, { status: r.ran ? 200 : 202, headers: { 'cache-control': 'no-store' } });
});
