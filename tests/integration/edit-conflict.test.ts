import { beforeEach, describe, expect, it, vi } from 'vitest';
import { updateSupplierAction } from '@/app/(admin)/catalog/actions';
import { updateProduct } from '@/db/queries/catalog-products';
import { updateSupplier } from '@/db/queries/catalog-suppliers';
import { StaleVersion } from '@/lib/errors';
import type { SessionUser } from '@/lib/server/session';
import { TEST_DRIVER, useTestDatabase } from '../support/test-db';
import { asSession, makeCategory, makeProduct, makeStaff, makeSupplier } from '../support/factories';

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock('@/lib/server/session', () => ({ getSessionUser: async () => session.user }));

const t = useTestDatabase();
beforeEach(async () => {
  session.user = asSession(await makeStaff(t.handle.db, 'merchandiser'));
});

describe(`edit conflicts carry the stored version and who saved it (${TEST_DRIVER})`, () => {
  it('a stale product save is refused with the stored values, their version and the other editor', async () => {
    const db = t.handle.db;
    const mara = await makeStaff(db, 'merchandiser', { name: 'Mara Other' });
    const cat = await makeCategory(db);
    const p = await makeProduct(db, cat.id, { name: 'Conflict dress' });
    const edit = {
      name: p.name,
      slug: p.slug,
      description: '',
      categoryId: cat.id,
      status: p.status,
      basePrice: p.basePrice,
      currency: p.currency,
      supplierId: null,
      tags: [],
      attributes: p.attributes,
    };
    await updateProduct(
      db,
      { id: mara.id, label: mara.email },
      { ...edit, id: p.id, version: p.version, status: 'draft', basePrice: 3900 },
    );
    const me = { id: session.user!.id, label: session.user!.email };
    const err = await updateProduct(db, me, { ...edit, id: p.id, version: p.version, name: 'Mine' }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StaleVersion);
    const stale = err as StaleVersion;
    expect(stale.message).toMatch(/changed by Mara Other while you were editing \(.*status: active → draft/);
    expect(stale.conflict).toMatchObject({
      version: p.version + 1,
      by: { name: 'Mara Other', you: false },
      current: { name: 'Conflict dress', status: 'draft', basePrice: 3900 },
    });

    // Saved against the stored version, with the merge: goes through.
    const merged = await updateProduct(db, me, {
      ...edit,
      id: p.id,
      version: stale.conflict!.version,
      name: 'Mine',
      status: 'draft',
      basePrice: 3900,
    });
    expect(merged).toMatchObject({ name: 'Mine', status: 'draft', basePrice: 3900, version: p.version + 2 });
  });

  it('says "you, in another tab" through the action when the other save was by the same person, with the conflict', async () => {
    const db = t.handle.db;
    const s = await makeSupplier(db, 'Tabbed Mill');
    const fields = { id: s.id, version: s.version, name: 'Tabbed Mill', contact: 'x@example.test', notes: '' };
    expect(await updateSupplierAction({ ...fields, leadTimeDays: 12 })).toMatchObject({ ok: true });
    const stale = await updateSupplierAction({ ...fields, leadTimeDays: 20, notes: 'typed in tab one' });
    expect(stale).toMatchObject({
      ok: false,
      code: 'stale_version',
      message: expect.stringMatching(/changed by you, in another tab, while you were editing/),
      conflict: { version: s.version + 1, by: { you: true }, current: { leadTimeDays: 12, notes: '' } },
    });
    const other = await makeStaff(db, 'merchandiser', { name: 'Tia Teammate' });
    await updateSupplier(
      db,
      { id: other.id, label: other.email },
      { ...fields, version: s.version + 1, leadTimeDays: 14 },
    );
    const again = await updateSupplierAction({ ...fields, version: s.version + 1, leadTimeDays: 20 });
    expect(again).toMatchObject({ ok: false, conflict: { by: { name: 'Tia Teammate', you: false } } });
  });
});
