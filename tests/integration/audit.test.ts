import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, stockLevels } from '@/db/schema';
import { listAudit } from '@/db/queries/audit';
import { createApiKey } from '@/db/queries/api-keys';
import { updateReorderSettings } from '@/db/queries/inventory-ops';
import { createPurchaseOrder } from '@/db/queries/inventory-purchase-orders';
import { createSurvey } from '@/db/queries/surveys';
import { auditEntityHref } from '@/lib/audit/entities';
import { auditList } from '@/lib/lists/audit';
import { auditQueryOf } from '@/lib/server/lists/audit-query';

const filterOf = (raw: Record<string, string | string[]>) => auditQueryOf(auditList.parse(raw));
import { TEST_DRIVER, useTestDatabase } from '../support/test-db';
import { makeStaff, makeSupplier } from '../support/factories';
import { makeLocation, makeSkus, receive } from '../support/inventory-factories';

const t = useTestDatabase();

describe(`the audit log's names, links and filters (${TEST_DRIVER})`, () => {
  it('names every kind of subject readably and links it to its page', async () => {
    const db = t.handle.db;
    const admin = await makeStaff(db, 'admin');
    const actor = { id: admin.id, label: admin.email };
    const [sku] = await makeSkus(db, 1, 'AUD');
    const loc = await makeLocation(db, 'Audit Store', 'AUDS');
    await receive(db, sku!.id, loc.id, 5);
    const [level] = await db.select().from(stockLevels).where(eq(stockLevels.variantId, sku!.id));
    await updateReorderSettings(db, actor, {
      levelId: level!.id,
      version: level!.version,
      reorderPoint: 2,
      reorderQuantity: 10,
    });
    const supplier = await makeSupplier(db, 'Audit Mill');
    const po = await createPurchaseOrder(db, actor, {
      supplierId: supplier.id,
      locationId: loc.id,
      expectedAt: null,
      note: '',
      lines: [{ variantId: sku!.id, quantity: 3 }],
    });
    const survey = await createSurvey(db, actor, { title: 'Audit fit check' });
    await createApiKey(db, actor, { name: 'audit-exporter', scopes: ['metrics:read'] });

    const rows = await listAudit(db, { actorId: admin.id });
    const byType = new Map(rows.map((r) => [r.entityType, r]));
    expect(byType.get('stock_level')).toMatchObject({ subjectName: `${sku!.sku} at AUDS`, subjectRef: sku!.id });
    expect(byType.get('purchase_order')!.subjectName).toBe(`PO-${po.number}`);
    expect(byType.get('survey')!.subjectName).toBe('Audit fit check');
    expect(byType.get('api_key')!.subjectName).toBe('audit-exporter');
    for (const r of rows) expect(r.actorName).toBe(admin.name);
    const level0 = byType.get('stock_level')!;
    expect(auditEntityHref(level0.entityType, level0.entityId, level0.subjectRef)).toBe(`/inventory/skus/${sku!.id}`);
    expect(auditEntityHref('purchase_order', po.id, null)).toBe(`/inventory/purchase-orders/${po.id}`);

    const [loc0] = await listAudit(db, { entityType: 'location', entityId: loc.id });
    expect(loc0!.subjectName).toBe('Audit Store (AUDS)');
    const [staffRow] = await listAudit(db, { entityType: 'user', entityId: admin.id });
    expect(auditEntityHref('user', admin.id, staffRow!.subjectRef)).toBe(`/staff?q=${encodeURIComponent(admin.email)}`);
  });

  it('filters by person, entity type and date range, inclusive of the last day', async () => {
    const db = t.handle.db;
    const a = await makeStaff(db, 'admin');
    const b = await makeStaff(db, 'admin');
    await createSurvey(db, { id: a.id, label: a.email }, { title: 'By A' });
    await createSurvey(db, { id: b.id, label: b.email }, { title: 'By B' });
    await createApiKey(db, { id: a.id, label: a.email }, { name: 'a-key', scopes: ['metrics:read'] });
    // Backdate B's survey entry to a known day.
    await db
      .update(auditLog)
      .set({ createdAt: new Date('2026-03-10T23:30:00Z') })
      .where(eq(auditLog.actorId, b.id));

    const surveysByA = await listAudit(db, filterOf({ actor: a.id, entity: 'survey' }));
    expect(surveysByA.map((r) => r.subjectName)).toEqual(['By A']);
    const onTheDay = await listAudit(db, filterOf({ from: '2026-03-10', to: '2026-03-10' }));
    expect(onTheDay.map((r) => r.subjectName)).toEqual(['By B']);
    const backwards = await listAudit(db, filterOf({ from: '2026-03-11', to: '2026-03-01' }));
    expect(backwards.map((r) => r.subjectName)).toEqual(['By B']);
    const later = await listAudit(db, filterOf({ actor: b.id, from: '2026-03-11' }));
    expect(later).toEqual([]);
  });

  it('ignores parameters that do not parse instead of failing', () => {
    const bad = auditList.parse({
      entity: 'robots',
      actor: 'not-a-uuid',
      from: '2026-02-30',
      to: ['x', 'y'],
      before: '-3',
      sort: 'who',
    });
    expect(bad.filters).toEqual({});
    expect(bad.paging).toEqual({});
    expect(bad.dropped.sort()).toEqual(['actor', 'before', 'entity', 'from', 'sort', 'to']);
    expect(auditQueryOf(auditList.parse({ entity: 'purchase_order', before: '42' }))).toMatchObject({
      entityType: 'purchase_order',
      before: 42,
      dir: 'desc',
    });
  });

  it('sorts oldest first too, keyset-paged on the id, from the URL state', async () => {
    const db = t.handle.db;
    for (const name of ['One', 'Two', 'Three']) await makeSupplier(db, `Sort ${name}`);
    const ids = async (raw: Record<string, string>) =>
      (await listAudit(db, { ...filterOf({ entity: 'supplier', ...raw }), limit: 200 })).map((r) => r.id);
    const desc = await ids({});
    expect(desc.length).toBeGreaterThanOrEqual(3);
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    const asc = await ids({ sort: 'when' });
    expect(asc).toEqual([...desc].reverse());
    // The cursor continues in the sort's direction.
    expect(await ids({ sort: 'when', before: String(asc[0]) })).toEqual(asc.slice(1));
    expect(await ids({ before: String(desc[0]) })).toEqual(desc.slice(1));
    expect(await ids({ sort: '-who' })).toEqual(desc);
  });
});
