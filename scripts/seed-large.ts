// `npm run seed:large [-- --products 100000 --variants 3 --reset]`: a large catalog on the PostgreSQL
// server in DATABASE_URL, for the benchmark and for trying the list at scale.
import { sql } from 'drizzle-orm';
import { openDatabase, rowsOf } from '../db/client';
import { mainJournals, migrateDatabase } from '../db/migrate';
import { seedLargeCatalog } from '../db/seed-large';
import { log, logToStderr } from '../lib/server/log';

logToStderr();

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i > 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive whole number`);
  return value;
}

const url = process.env.DATABASE_URL;
if (!url?.startsWith('postgres')) {
  log.error(
    { script: 'seed:large' },
    'seed:large needs DATABASE_URL=postgres://… (a PostgreSQL server); the embedded database is for the demo catalog.',
  );
  process.exit(1);
}
const productCount = arg('products', 100_000);
const perProduct = arg('variants', 3);
const handle = await openDatabase({ driver: 'pg', url });
try {
  await migrateDatabase(handle, mainJournals());
  const [existing] = rowsOf<{ n: number }>(await handle.db.execute(sql`select count(*)::int as n from products`));
  if ((existing?.n ?? 0) > 0) {
    if (!process.argv.includes('--reset')) {
      log.error(
        { script: 'seed:large', products: existing!.n },
        `seed:large: the database already has ${existing!.n} products. Run again with --reset to replace the catalog (products, variants, categories, suppliers).`,
      );
      process.exitCode = 1;
    } else {
      await handle.db.execute(sql`truncate table variants, products, categories, suppliers cascade`);
    }
  }
  if (!process.exitCode) {
    const started = Date.now();
    const counts = await seedLargeCatalog(handle.db, { products: productCount, variantsPerProduct: perProduct });
    console.log(
      `seed:large: ${counts.products} products, ${counts.variants} variants on ${handle.target} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }
} finally {
  await handle.close();
}
