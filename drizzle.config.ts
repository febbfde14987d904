import { defineConfig } from 'drizzle-kit';

// Only `drizzle-kit generate` uses this (it needs no database); migrations are applied by db/migrate.ts
// through the app's own driver so all three modes share one path.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: './drizzle',
  casing: 'snake_case',
});
