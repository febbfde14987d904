import { sql } from 'drizzle-orm';
import { rowsOf, type LogDb } from '../client';
import { col, decodeRows } from '../codec';

/** docs/domain.md §4: success logs 90 days hot, failed 180 days, archive 2 years. */
export const RETENTION = { successDays: 90, failedDays: 180, archiveDays: 730 } as const;

/** Creates month partitions `back` months before to `ahead` months after `at`, and for any month with rows in DEFAULT. */
export async function ensurePartitions(
  db: LogDb,
  opts: { back?: number; ahead?: number; at?: Date } = {},
): Promise<number> {
  const rows = decodeRows(
    { n: col.number },
    await db.execute(
      sql`select oplog_ensure_partitions(${opts.back ?? 1}, ${opts.ahead ?? 3}, ${(opts.at ?? new Date()).toISOString()}::timestamptz) as n`,
    ),
  );
  return rows[0]?.n ?? 0;
}

type Partition = { name: string; parent: string; month: Date; status: 'SUCCESS' | 'FAILED' | null };

const NAME = /^(operation_logs(?:_archive)?)_y(\d{4})m(\d{2})(?:_(success|failed))?$/;

async function listPartitions(db: LogDb): Promise<Partition[]> {
  const rows = rowsOf<{ name: string; parent: string }>(
    await db.execute(sql`
      select c.relname as name, p.relname as parent
      from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
      where p.relname like 'operation\_logs%' and c.relname like 'operation\_logs%'`),
  );
  return rows.flatMap((r) => {
    const m = NAME.exec(r.name);
    if (!m) return [];
    return [
      {
        name: r.name,
        parent: r.parent,
        month: new Date(Date.UTC(Number(m[2]), Number(m[3]) - 1, 1)),
        status: m[4] ? (m[4].toUpperCase() as 'SUCCESS' | 'FAILED') : null,
      },
    ];
  });
}

const monthEnd = (month: Date) => new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1));
const ymd = (d: Date) => d.toISOString().slice(0, 10);
const suffix = (month: Date) => `y${month.getUTCFullYear()}m${String(month.getUTCMonth() + 1).padStart(2, '0')}`;

export type RetentionStep =
  | { kind: 'archive'; partition: string; month: Date; status: 'SUCCESS' | 'FAILED'; description: string }
  | { kind: 'drop-hot-month'; partition: string; month: Date; description: string }
  | { kind: 'drop-archive-month'; partition: string; month: Date; description: string };

/**
 * What retention would do at `now`, whole partitions only: a month's SUCCESS sub-partition moves to the archive
 * once the whole month is older than 90 days, its FAILED one after 180 days, an emptied hot month is dropped,
 * and archive months older than 2 years are dropped. Rows are never deleted one by one.
 */
export async function planRetention(db: LogDb, now = new Date()): Promise<RetentionStep[]> {
  const day = 86_400_000;
  const parts = await listPartitions(db);
  const steps: RetentionStep[] = [];
  const hotMonths = parts.filter((p) => p.parent === 'operation_logs' && p.status === null);
  for (const month of hotMonths.sort((a, b) => a.month.getTime() - b.month.getTime())) {
    const end = monthEnd(month.month);
    const subs = parts.filter((p) => p.parent === month.name);
    let remaining = subs.length;
    for (const sub of subs) {
      const keepDays = sub.status === 'SUCCESS' ? RETENTION.successDays : RETENTION.failedDays;
      if (end.getTime() <= now.getTime() - keepDays * day) {
        steps.push({
          kind: 'archive',
          partition: sub.name,
          month: month.month,
          status: sub.status!,
          description: `archive ${sub.name} (${sub.status} rows of ${ymd(month.month)}…${ymd(end)}, older than ${keepDays} days)`,
        });
        remaining--;
      }
    }
    if (remaining === 0 && end.getTime() <= now.getTime() - RETENTION.failedDays * day) {
      steps.push({
        kind: 'drop-hot-month',
        partition: month.name,
        month: month.month,
        description: `drop empty hot partition ${month.name}`,
      });
    }
  }
  const archiveMonths = parts.filter((p) => p.parent === 'operation_logs_archive');
  for (const month of archiveMonths) {
    if (monthEnd(month.month).getTime() <= now.getTime() - RETENTION.archiveDays * day) {
      steps.push({
        kind: 'drop-archive-month',
        partition: month.name,
        month: month.month,
        description: `drop archive partition ${month.name} (older than 2 years)`,
      });
    }
  }
  return steps;
}

/** Carries out a retention plan; each step is one short transaction of catalog changes, no row copying. */
export async function applyRetention(db: LogDb, steps: RetentionStep[]): Promise<void> {
  for (const step of steps) {
    await db.transaction(async (tx) => {
      const id = (name: string) => sql.identifier(name);
      if (step.kind === 'archive') {
        const archiveMonth = `operation_logs_archive_${suffix(step.month)}`;
        const hotMonth = `operation_logs_${suffix(step.month)}`;
        const target = `${archiveMonth}_${step.status.toLowerCase()}`;
        await tx.execute(
          sql`create table if not exists ${id(archiveMonth)} partition of operation_logs_archive for values from (${sql.raw(`'${ymd(step.month)}'`)}) to (${sql.raw(`'${ymd(monthEnd(step.month))}'`)}) partition by list (status)`,
        );
        await tx.execute(sql`alter table ${id(hotMonth)} detach partition ${id(step.partition)}`);
        await tx.execute(sql`alter table ${id(step.partition)} rename to ${id(target)}`);
        await tx.execute(
          sql`alter table ${id(archiveMonth)} attach partition ${id(target)} for values in (${sql.raw(`'${step.status}'`)})`,
        );
      } else {
        await tx.execute(sql`drop table if exists ${id(step.partition)}`);
      }
    });
  }
}
