import { revalidatePath } from 'next/cache';
import { NextResponse } from 'next/server';
import { getDb } from '@/db/client';
import { checkImport, commitImport } from '@/db/queries/catalog-import';
import { MAX_IMPORT_BYTES } from '@/lib/catalog/csv';
import { csvFieldErrors } from '@/lib/catalog/csv-errors';
import { InvalidInput, PayloadTooLarge } from '@/lib/errors';
import { readBodyBytes } from '@/lib/server/body';
import { errorResponse, staffRoute } from '@/lib/server/route';

/** Reads the body up to `max` bytes; refuses more (413, like every route) without buffering it. */
async function readLimited(req: Request, max: number): Promise<Uint8Array> {
  const bytes = await readBodyBytes(req, max);
  if (!bytes)
    throw new PayloadTooLarge(`The file is larger than ${max / 1024 / 1024} MB. Split it into smaller files.`);
  return bytes;
}

/**
 * CSV import: the raw file as the body; `?mode=check` is the dry run, `?mode=commit` writes all or nothing.
 * 200 with the summary, 400 `invalid` with per-row field errors (`rows.<row>.<column>`), 413 past the size limit.
 * A route handler rather than a server action: the file can be megabytes (beyond the action body limit),
 * and the size is refused while streaming. Writers only; the audit rows name the caller.
 */
export const POST = staffRoute('catalog.write', async (req, user) => {
  const mode = new URL(req.url).searchParams.get('mode');
  if (mode !== 'check' && mode !== 'commit')
    throw new InvalidInput('Choose a dry run (mode=check) or an import (mode=commit).');
  const bytes = await readLimited(req, MAX_IMPORT_BYTES);
  if (bytes.byteLength === 0) throw new InvalidInput('Choose a CSV file first.');
  const db = await getDb();
  const started = Date.now();
  const result =
    mode === 'check' ? await checkImport(db, bytes) : await commitImport(db, { id: user.id, label: user.email }, bytes);
  const ms = Date.now() - started;
  if (!result.ok) {
    // The contract's invalid answer: row errors as field errors keyed rows.<row>.<column>; nothing was written.
    const message = result.fileError
      ? `${result.fileError} Nothing was imported.`
      : `${result.errorCount} problem${result.errorCount === 1 ? '' : 's'} found. Nothing was imported. Fix the file and check it again.`;
    return errorResponse('invalid', message, result.fileError ? undefined : csvFieldErrors(result.errors), {
      details: { errorCount: result.errorCount, ms },
    });
  }
  if (result.committed) revalidatePath('/catalog', 'layout');
  return NextResponse.json({ ...result, ms });
});
