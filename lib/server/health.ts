import { sql } from 'drizzle-orm';
import { getDbHandle } from '../../db/client';
import { migrationState } from '../../db/migrate';
import { describeStartupError } from './boot';
import { isDraining } from './shutdown';

export type Readiness = { ok: boolean; body: Record<string, unknown> };

/**
 * Whether this process should receive traffic: not draining (a stop signal arrived), the database answers,
 * and every migration in the folder is applied. The body says why not.
 */
export async function readiness(): Promise<Readiness> {
  if (isDraining()) return { ok: false, body: { status: 'draining', reason: 'the process is shutting down' } };
  let target: string | undefined;
  try {
    const handle = await getDbHandle();
    target = handle.target;
    await handle.db.execute(sql`select 1`);
    const state = await migrationState(handle);
    const ok = state.pending === 0;
    return {
      ok,
      body: {
        status: ok ? 'ok' : 'degraded',
        database: 'reachable',
        driver: handle.driver,
        migration: state.applied,
        ...(ok ? {} : { reason: `${state.pending} migration(s) not applied; latest is ${state.latest}` }),
      },
    };
  } catch (err) {
    return {
      ok: false,
      body: { status: 'unavailable', database: 'unreachable', reason: describeStartupError(err, target) },
    };
  }
}

export const NO_STORE = { 'cache-control': 'no-store' };
