import { sql } from 'drizzle-orm';
import { rowsOf } from '../db/client';
import {
  listMovements,
  listStock,
  movementPageSql,
  stockPageSql,
  type MovementQuery,
  type StockQuery,
} from '../db/queries/inventory-read';
import { benchDatabase, measure } from './harness';
import { seedStockPages } from './inventory.bench';

/**
 * Sorted list pages at the inventory bench's sizes (its seedStockPages: 300k variants × 4 locations = 1.2M levels
 * and 1.2M movements on the server; 60k × 4 on in-memory PGlite): the stock list sorted by each sortable column
 * both ways (first page, a deep keyset page, per location), and the ledger newest and oldest first. Median and
 * p95 per case, then EXPLAIN of every statement: does any plan scan stock_levels or stock_movements sequentially?
 */
export async function run() {
  const { handle, label, drop } = await benchDatabase();
  const server = label.startsWith('postgresql');
  try {
    const db = handle.db;
    const { size } = await seedStockPages(db, server, label);
    await db.execute(sql`vacuum analyze stock_movements`);
    const [loc] = rowsOf<{ id: string }>(await db.execute(sql`select id from locations where code = 'HAM'`));
    const sorts: StockQuery['sort'][] = [
      { key: 'sku', dir: 'desc' },
      { key: 'onHand', dir: 'asc' },
      { key: 'onHand', dir: 'desc' },
      { key: 'available', dir: 'asc' },
      { key: 'available', dir: 'desc' },
    ];
    const statements: [string, ReturnType<typeof stockPageSql>['text']][] = [];
    for (const sort of sorts) {
      const name = `${sort!.key}_${sort!.dir}`;
      // Page 50 reached through Next: the cursor is the last row of page 49.
      let page = await listStock(db, { sort });
      for (let i = 1; i < 49 && page.next; i++) page = await listStock(db, { sort, after: page.next, page: i + 1 });
      const deep = page.next!;
      const perLoc = await listStock(db, { sort, locationId: loc!.id });
      const cases: [string, () => Promise<unknown>][] = [
        [`${name}.first_page`, () => listStock(db, { sort })],
        [`${name}.deep_page_50_next`, () => listStock(db, { sort, after: deep, page: 50 })],
        [`${name}.deep_page_50_previous`, () => listStock(db, { sort, before: deep, page: 50 })],
        [`${name}.per_location_first_page`, () => listStock(db, { sort, locationId: loc!.id })],
        [`${name}.per_location_next`, () => listStock(db, { sort, locationId: loc!.id, after: perLoc.next!, page: 2 })],
        [`${name}.low_only`, () => listStock(db, { sort, low: true })],
      ];
      for (const [n, fn] of cases) await measure(`lists.stock_sorted.${n}`, fn, { iterations: 20, warmup: 2, size });
      statements.push([`stock ${name} first`, stockPageSql({ sort }).text]);
      statements.push([`stock ${name} deep`, stockPageSql({ sort, after: deep }).text]);
      statements.push([
        `stock ${name} per location`,
        stockPageSql({ sort, locationId: loc!.id, after: perLoc.next! }).text,
      ]);
      statements.push([`stock ${name} low`, stockPageSql({ sort, low: true }).text]);
    }
    // The ledger: newest (default) and oldest first, all and per location, first page and a deep keyset page.
    const [mid] = rowsOf<{ id: number }>(await db.execute(sql`select (max(id) / 2)::int as id from stock_movements`));
    for (const dir of ['desc', 'asc'] as const) {
      const cases: [string, () => Promise<unknown>][] = [
        [`${dir}.first_page`, () => listMovements(db, { dir, limit: 50 })],
        [`${dir}.deep_page`, () => listMovements(db, { dir, before: mid!.id, limit: 50 })],
        [`${dir}.per_location_first_page`, () => listMovements(db, { dir, locationId: loc!.id, limit: 50 })],
        [
          `${dir}.per_location_deep_page`,
          () => listMovements(db, { dir, locationId: loc!.id, before: mid!.id, limit: 50 }),
        ],
      ];
      for (const [n, fn] of cases)
        await measure(`lists.movements_sorted.${n}`, fn, { iterations: 20, warmup: 2, size });
    }
    // EXPLAIN of the movement statements, through a spy on the executed SQL (listMovements builds it inline).
    const movementPlans = await explainMovements(db, loc!.id, mid!.id);
    const plans: Record<string, string> = { ...movementPlans };
    for (const [name, text] of statements) {
      plans[name] = rowsOf<Record<string, string>>(await db.execute(sql`explain ${text}`))
        .map((r) => Object.values(r)[0])
        .join('\n');
    }
    const seq = Object.entries(plans)
      .filter(([, p]) => /Seq Scan on (stock_levels|stock_movements)/.test(p))
      .map(([n]) => n);
    console.log(
      JSON.stringify({
        bench: 'lists.sorted.explain',
        statements: Object.keys(plans).length,
        seq_scans_on_levels_or_movements: seq,
        ...size,
      }),
    );
    if (process.env.BENCH_SHOW_PLANS) for (const [n, p] of Object.entries(plans)) console.error(`--- ${n}\n${p}`);
  } finally {
    await drop();
  }
}

/** The ledger statements listMovements runs, explained. */
async function explainMovements(
  db: Awaited<ReturnType<typeof benchDatabase>>['handle']['db'],
  locationId: string,
  before: number,
) {
  const plans: Record<string, string> = {};
  for (const dir of ['desc', 'asc'] as const) {
    const queries: [string, MovementQuery][] = [
      ['all', { dir }],
      ['deep', { dir, before }],
      ['per location', { dir, locationId }],
      ['per location deep', { dir, locationId, before }],
    ];
    for (const [name, query] of queries) {
      const rows = rowsOf<Record<string, string>>(
        await db.execute(sql`explain ${movementPageSql({ ...query, limit: 50 })}`),
      );
      plans[`movements ${dir} ${name}`] = rows.map((r) => Object.values(r)[0]).join('\n');
    }
  }
  return plans;
}
