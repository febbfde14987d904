import { mainJournals, migrateDatabase } from '../db/migrate';
import { getMediaStore } from '../lib/server/media-store';
import { deleteKeys, verifyMedia } from '../lib/server/media';
import { runWithDatabase } from './cli';

/**
 * Compares the media store with the image rows: files no row refers to (orphans, older than --grace minutes,
 * default 10, so uploads in flight are not counted) and rows whose files are missing. Exit 1 on any.
 * `--delete` removes the orphans it lists (and then exits 0 unless files are missing).
 */
const args = process.argv.slice(2);
const graceArg = args.indexOf('--grace');
const graceMinutes = graceArg >= 0 ? Number(args[graceArg + 1]) : 10;
const remove = args.includes('--delete');

await runWithDatabase('media:verify', async (handle) => {
  if (!Number.isFinite(graceMinutes) || graceMinutes < 0)
    throw new Error('--grace takes a number of minutes (0 or more)');
  await migrateDatabase(handle, mainJournals());
  const store = getMediaStore();
  const report = await verifyMedia(handle.db, store, graceMinutes * 60_000);
  console.log(
    `media:verify: ${report.stored} stored file(s) in the ${store.kind === 's3' ? 'bucket' : 'media folder'}`,
  );
  for (const key of report.orphans) console.log(`  orphan: ${key}`);
  for (const key of report.missing)
    console.log(`  missing: ${key} (an image row names it, the store has no such file)`);
  if (remove && report.orphans.length) {
    await deleteKeys(store, report.orphans);
    console.log(`media:verify: deleted ${report.orphans.length} orphan(s)`);
  }
  if (report.orphans.length === 0 && report.missing.length === 0) {
    console.log('media:verify: OK, every file belongs to an image and every image has its files');
    return;
  }
  console.log(`media:verify: ${report.orphans.length} orphan(s), ${report.missing.length} missing file(s)`);
  if (report.missing.length || !remove) process.exitCode = 1;
});
