import type { LogDbHandle } from './client';
import { col, decodeRows } from './codec';
import { REDACTED } from '../lib/oplog/redact';
import type { WindowEntry } from '../lib/oplog/rules';
import { mergeLoginTallies } from './queries/oplog';
import { SIM_OPS, SIM_PROXIES, SIM_AGENTS, SIM_ERROR_MESSAGES } from './simulate-traffic';

export type SqlSimulateOptions = {
  rows: number;
  days: number;
  now?: Date;
  users?: number;
  chunkRows?: number;
  onProgress?: (done: number) => void;
};
export type SqlSimulateResult = { rows: number; users: number; profiles: number; ms: number };

const iso = (col: string) => `to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
const values = (rows: (string | number | boolean)[][]) =>
  rows.map((r) => `(${r.map((v) => (typeof v === 'string' ? lit(v) : String(v))).join(', ')})`).join(', ');

/**
 * The simulator's traffic (db/simulate-traffic.ts: same users of varied stability, operation mix and median
 * latencies, log-normal latencies with a 1% long tail, proxies and their success rates, the proxy outage at
 * 70% of the run, the selector break halfway, the error-type mix, redacted payloads) generated inside the
 * database with INSERT … SELECT FROM generate_series, one statement per chunk: what fills 10M rows for the
 * benchmark in minutes instead of pushing every row through the app. Random draws use PostgreSQL's random(),
 * so runs differ row by row but follow the same distributions. Profiles are then computed from the
 * generated CHECK_LOGIN rows. No review metadata (the dashboards do not read it).
 */
export async function simulateTrafficSql(handle: LogDbHandle, opts: SqlSimulateOptions): Promise<SqlSimulateResult> {
  const started = Date.now();
  const now = (opts.now ?? new Date()).getTime();
  const span = opts.days * 86_400_000;
  const start = now - span;
  const userCount = opts.users ?? Math.max(20, Math.min(5000, Math.round(opts.rows / 2000)));
  const chunk = opts.chunkRows ?? 500_000;
  const tag = `sim_${process.pid}_${Date.now()}`;
  const usersT = `${tag}_users`;
  const opsT = `${tag}_ops`;
  const proxiesT = `${tag}_proxies`;
  let cum = 0;
  const ops = SIM_OPS.map(([op, share, median]) => {
    const row = [op, cum, (cum += share), median] as [string, number, number, number];
    return row;
  });
  ops[ops.length - 1]![2] = 1.0001; // the shares add to 1: close the last interval against float rounding
  // Plain tables (not temporary): a pool may run each statement on a different connection.
  await handle.query(`create unlogged table ${opsT} (op text, lo float8, hi float8, median float8)`);
  await handle.query(`insert into ${opsT} values ${values(ops)}`);
  await handle.query(`create unlogged table ${proxiesT} (idx int, proxy text, ok float8)`);
  await handle.query(`insert into ${proxiesT} values ${values(SIM_PROXIES.map(([p, ok], i) => [i, p, ok]))}`);
  // Users as in the simulator: 70% stable (0.90-0.99), 18% unstable (0.60-0.78), 12% critical (0.20-0.45),
  // 30% 2FA, 6% sliding towards 0.25 over the run, 15% on a second account.
  await handle.query(`create unlogged table ${usersT} as
    select i as idx, 'u-' || lpad((i + 1)::text, 5, '0') as user_id,
           'acct-' || lpad((i + 1)::text, 5, '0') || case when random() < 0.15 then 'b' else 'a' end as account,
           case when k < 0.7 then 0.9 + random() * 0.09 when k < 0.88 then 0.6 + random() * 0.18 else 0.2 + random() * 0.25 end as base,
           case when random() < 0.3 then '2FA' else 'NORMAL' end as auth_type, random() < 0.06 as sliding
    from (select i, random() as k from generate_series(0, ${userCount - 1}) i offset 0) s`);
  await handle.query(`create index on ${usersT} (idx)`);
  const agents = `array[${SIM_AGENTS.map(lit).join(', ')}]`;
  const msg = (e: string) => `when ${lit(e)} then ${lit(SIM_ERROR_MESSAGES[e]!)}`;
  const selectorBreak = start + Math.floor(opts.days * 0.5) * 86_400_000;
  const outage = start + span * 0.7;
  let done = 0;
  try {
    for (let lo = 0; lo < opts.rows; lo += chunk) {
      const hi = Math.min(opts.rows, lo + chunk) - 1;
      // Each random() in the innermost select is drawn once per row (OFFSET 0 keeps that subquery from being
      // flattened, so every later reference sees the same draw).
      await handle.query(`
        insert into operation_logs (created_at, user_id, platform_account_id, operation_type, resource_id, status, error_code, error_type,
          error_message, execution_time_ms, retry_count, auth_type_detected, session_refreshed, proxy_used, user_agent, request_payload, response_summary)
        select to_timestamp(x.tms / 1000.0), x.user_id, x.account, x.op, x.resource,
               case when x.ok then 'SUCCESS' else 'FAILED' end, 'E_' || x.err, x.err,
               case x.err ${Object.keys(SIM_ERROR_MESSAGES).map(msg).join(' ')} else x.err end,
               greatest(5, case when x.err = 'TIMEOUT' then 10000 + floor(x.r_to * 20000)
                                else round(x.median * exp(0.55 * x.nrm)) * case when x.r_tail < 0.01 then 5 + floor(x.r_tk * 15) else 1 end end)::int,
               case when x.ok then (x.r_m1 < 0.1)::int else floor(x.r_m1 * 4)::int end,
               case when x.op = 'CHECK_LOGIN' then x.auth_type end,
               x.op = 'VALIDATE_SESSION' and x.r_m2 < 0.2, x.proxy, (${agents})[1 + floor(x.r_m3 * 3)::int],
               case when x.op = 'CHECK_LOGIN' then jsonb_build_object('login', 'user' || substr(x.user_id, 3) || '@shop.example', 'password', ${lit(REDACTED)}, 'otp', ${lit(REDACTED)})
                    else jsonb_build_object('shopId', x.resource, 'page', 1 + floor(x.r_m2 * 5)::int, 'auth', jsonb_build_object('accessToken', ${lit(REDACTED)})) end,
               case when x.ok then jsonb_build_object('items', floor(x.r_m3 * 40)::int)
                    else jsonb_build_object('httpStatus', case x.err when 'RATE_LIMIT' then 429 when 'AUTH_REQUIRED' then 401 else 0 end) end
        from (
          select y.*, case when y.ok then null
                 when y.down and y.r_err < 0.8 then 'TIMEOUT'
                 when y.broken and y.r_err < 0.85 then 'SELECTOR_NOT_FOUND'
                 when y.auth_type = '2FA' and y.r_err < 0.5 then 'AUTH_REQUIRED'
                 when y.r_err < 0.35 then 'TIMEOUT' when y.r_err < 0.55 then 'RATE_LIMIT' when y.r_err < 0.75 then 'SELECTOR_NOT_FOUND'
                 when y.r_err < 0.9 then 'AUTH_REQUIRED' else 'NETWORK' end as err
          from (
            select g.*, u.user_id, u.account, u.auth_type, o.op, o.median, p.proxy,
                   case when o.op in ('GET_STORES', 'CHECK_LOGIN', 'VALIDATE_SESSION') then null else 'shop-' || lpad((1 + floor(g.r_res * 40))::text, 2, '0') end as resource,
                   p.proxy = 'proxy-ams-2' and g.tms >= ${outage} as down,
                   o.op = 'GET_REVIEWS' and g.tms >= ${selectorBreak} and g.tms < ${selectorBreak + 86_400_000} as broken,
                   g.r_ok < (case when u.sliding then u.base - (u.base - 0.25) * ((g.tms - ${start}) / ${span}::float8) else u.base end) * p.ok
                     * case when p.proxy = 'proxy-ams-2' and g.tms >= ${outage} then 0.35 else 1 end
                     * case when o.op = 'GET_REVIEWS' and g.tms >= ${selectorBreak} and g.tms < ${selectorBreak + 86_400_000} then 0.4 else 1 end as ok
            from (
              select i, ${start} + (i + random()) / ${opts.rows}::float8 * ${span} as tms,
                     floor(random() * random() * ${userCount})::int as ui, random() as r_op, floor(random() * ${SIM_PROXIES.length})::int as pi,
                     random() as r_ok, random() as r_err, sqrt(-2 * ln(greatest(random(), 1e-9))) * cos(2 * pi() * random()) as nrm,
                     random() as r_tail, random() as r_tk, random() as r_to, random() as r_res, random() as r_m1, random() as r_m2, random() as r_m3
              from generate_series(${lo}, ${hi}) i offset 0
            ) g
            join ${usersT} u on u.idx = g.ui
            join ${opsT} o on g.r_op >= o.lo and g.r_op < o.hi
            join ${proxiesT} p on p.idx = g.pi
          ) y
        ) x`);
      done = hi + 1;
      opts.onProgress?.(done);
    }
    // Profiles from the CHECK_LOGIN rows generated (counts, last login, the last-10 window), merged by the one
    // login-profile upsert (db/queries/oplog.ts); at most 5,000 users, so one statement.
    const tallies = decodeRows(
      {
        u: col.text,
        a: col.text,
        t: col.nullable(col.text),
        tot: col.number,
        ok: col.number,
        last: col.text,
        ls: col.text,
        w: col.json<WindowEntry[]>,
      },
      await handle.query(`
      with logins as (
        select l.user_id, l.platform_account_id, l.status, l.created_at, l.auth_type_detected,
               row_number() over (partition by l.user_id, l.platform_account_id order by l.created_at desc) as rn
        from operation_logs l join ${usersT} u on u.user_id = l.user_id and u.account = l.platform_account_id
        where l.operation_type = 'CHECK_LOGIN' and l.created_at >= to_timestamp(${start} / 1000.0)
      )
      select user_id as u, platform_account_id as a, max(auth_type_detected) as t, count(*)::int as tot,
             (count(*) filter (where status = 'SUCCESS'))::int as ok, ${iso('max(created_at)')} as last,
             max(status) filter (where rn = 1) as ls,
             (jsonb_agg(jsonb_build_object('status', status, 'createdAt', ${iso('created_at')}) order by created_at desc)
               filter (where rn <= 10))::text as w
      from logins group by 1, 2`),
    );
    const merged = await mergeLoginTallies(
      handle.db,
      tallies.map((r) => ({
        userId: r.u,
        platformAccountId: r.a,
        email: `user${r.u.slice(2)}@shop.example`,
        authType: r.t,
        total: r.tot,
        success: r.ok,
        lastAt: r.last,
        lastStatus: r.ls,
        window: r.w,
      })),
    );
    return { rows: done, users: userCount, profiles: merged.length, ms: Date.now() - started };
  } finally {
    await handle.query(`drop table if exists ${usersT}, ${opsT}, ${proxiesT}`);
  }
}
