/**
 * The schema entry of the log journal (drizzle.log.config.ts → drizzle-log/): the tables the log database holds
 * (docs/adr/0011-log-database.md). `job_leases` is on both sides: a job takes its lease in the database it works on.
 * The main entry (index.ts) still lists these tables too until the contract release drops them from the main
 * database; a change to one of them is generated in both journals (README, "Migrations").
 */
export * from './oplog';
export * from './observability';
export { jobLeases } from './jobs';
