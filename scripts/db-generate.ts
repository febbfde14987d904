import { execFileSync } from 'node:child_process';

// npm run db:generate [-- --name x]: drizzle-kit generate for both journals (docs/adr/0011-log-database.md). Until
// the contract release the main schema entry still lists the op-log tables, so a change to one of them shows up in
// both journals: keep the log journal's migration, and empty the main one's SQL (keep its snapshot) — README, "Migrations".
const args = process.argv.slice(2);
for (const config of ['drizzle.config.ts', 'drizzle.log.config.ts']) {
  console.log(`db:generate: ${config}`);
  execFileSync('npx', ['drizzle-kit', 'generate', '--config', config, ...args], { stdio: 'inherit' });
}
