import { revalidatePath } from 'next/cache';
import { NextResponse } from 'next/server';
import { getDb } from '@/db/client';
import { checkImport, commitImport } from '@/db/queries/catalog-import';
import { MAX_IMPORT_BYTES } from '@/lib/catalog/csv';
import { InvalidInput, PayloadTooLarge } from '@/lib/errors';
import { readBodyBytes } from '@/lib/server/body';
import { staffRoute } from '@/lib/server/route';

/** Reads the body up to `max` bytes; refuses more (413, like every route) without buffering it. */
async function readLimited(req: Request, max: number): Promise<Uint8Array> {
  const bytes = await readBodyBytes(req, max);
  if (!bytes) throw new PayloadTooLarge(`The file is larger than ${max / 1024 / 1024} MB. Split it into smaller files.`);
  return bytes;
}

/**
 * CSV import: the raw file as the body; `?mode=check` is the dry run, `?mode=commit` writes all or nothing.
 * A route handler rather than a server action: the file can be megabytes (beyond the action body limit),
 * and the size is refused while streaming. Writers only; the audit rows name the caller.
 */
export const POST = staffRoute('catalog.write', async (req, user) => {
  const mode = new URL(req.url).searchParams.get('mode');
  if (mode !== 'check' && mode !== 'commit') throw new InvalidInput('Choose a dry run (mode=check) or an import (mode=commit).');
  const bytes = await readLimited(req, MAX_IMPORT_BYTES);
  if (bytes.byteLength === 0) throw new InvalidInput('Choose a CSV file first.');
  const db = await getDb();
  const started = Date.now();
  const result = mode === 'check' ? await checkImport(db, bytes) : await commitImport(db, { id: user.id, label: user.email }, bytes);
  if (result.ok && result.committed) revalidatePath('/catalog', 'layout');
  return NextResponse.json({ ...result, ms: Date.now() - started }, { status: result.ok ? 200 : 422 });
});
