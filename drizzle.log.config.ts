import { defineConfig } from 'drizzle-kit';

// The log journal (docs/adr/0011-log-database.md): the op-log tables, applied to the log database
// (LOG_DATABASE_URL), or to the main one after the main journal when it is unset. Only `drizzle-kit generate`
// reads this; db/migrate.ts applies it.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/log.ts',
  out: './drizzle-log',
  casing: 'snake_case',
});
