import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '@/db/client';
import { migrateDatabase, type JournalName } from '@/db/migrate';

async function build(root: string, name: string, journals: JournalName[]): Promise<string> {
  const dir = path.join(root, name);
  const handle = await openDatabase({ driver: 'pglite', dir, holder: 'vitest template' });
  await migrateDatabase(handle, journals);
  await handle.close();
  return dir;
}

/**
 * Global setup of the PGlite integration projects: build one migrated data dir per run; each test file
 * copies it (~0.2 s) instead of initialising and migrating its own (~3 s). The log-split project also gets a
 * log database template, migrated by the log journal only.
 */
export default async function setup(project: TestProject) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bobbin-template-'));
  project.provide('pgliteTemplate', await build(root, 'pglite', ['main', 'log']));
  project.provide('pgliteLogTemplate', project.name.includes('logdb') ? await build(root, 'pglite-log', ['log']) : '');
  return () => fs.rmSync(root, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    /** Empty outside the log-split project. */
    pgliteLogTemplate: string;
  }
}
