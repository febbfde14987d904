import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { rowsOf } from '../client';
import { auditLog, categories, productImages, products, suppliers, variants } from '../schema';
import { diffRecords } from '../../lib/audit-diff';
import { validateAttributes } from '../../lib/catalog/attributes';
import {
  checkHeader,
  decodeUtf8,
  IMAGES_COLUMN,
  imagesCell,
  parseCsv,
  productDifference,
  stable,
  validateRow,
  type CsvError,
  type ImportContext,
  type ImportRow,
  type ProductFields,
  type VariantFields,
} from '../../lib/catalog/csv';
import { keyOfMediaUrl, productsWithUndescribedImages } from './catalog-images';
import { productAuditView } from './catalog-products';
import type { Actor } from './audit';
import { refreshCompleteness } from './catalog-completeness';
import { insertProductUpdated, productEventColumns } from './outbox';

export type ImportCounts = { create: number; update: number; unchanged: number };
export type ImportSummary = { rows: number; products: ImportCounts; variants: ImportCounts };
export type ImportResult =
  | { ok: true; committed: boolean; summary: ImportSummary }
  | {
      ok: false;
      committed: false;
      fileError?: string;
      errors: CsvError[];
      errorCount: number;
      summary?: ImportSummary;
    };

const MAX_ERRORS_SHOWN = 500;
const CHUNK = 5000;

export async function loadImportContext(db: Db): Promise<ImportContext> {
  const [cats, sups] = await Promise.all([
    db.select({ id: categories.id, name: categories.name, attributeDefs: categories.attributeDefs }).from(categories),
    db.select({ id: suppliers.id, name: suppliers.name }).from(suppliers),
  ]);
  return {
    categories: new Map(cats.map((c) => [c.name.toLowerCase(), c])),
    suppliers: new Map(sups.map((s) => [s.name.toLowerCase(), s])),
  };
}

type ExistingProduct = ProductFields & { id: string };
type ExistingVariant = VariantFields & { id: string; productId: string };

async function inChunks<T, R>(items: T[], run: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(...(await run(items.slice(i, i + CHUNK))));
  return out;
}

type Plan = {
  summary: ImportSummary;
  errors: CsvError[];
  /** Products to write, by slug, with the row they came from. */
  productsBySlug: Map<string, { fields: ProductFields; line: number; row: ImportRow; existing?: ExistingProduct }>;
  variantRows: { slug: string; fields: VariantFields; existing?: ExistingVariant }[];
  /** Products whose `images` cell lists stored images: their image ids per colour group, in the file's order. */
  imageOrders: { productId: string; slug: string; groups: Map<string, string[]> }[];
};

/** Validates every row and compares it with the database: what would be created, updated or left alone. */
async function plan(db: Db, header: string[], data: string[][]): Promise<Plan> {
  const ctx = await loadImportContext(db);
  const errors: CsvError[] = [];
  const rows: ImportRow[] = [];
  data.forEach((cells, i) => {
    const result = validateRow(header, cells, i + 2, ctx);
    if ('errors' in result) errors.push(...result.errors);
    else rows.push(result.row);
  });

  const productsBySlug: Plan['productsBySlug'] = new Map();
  const skuLines = new Map<string, number>();
  for (const r of rows) {
    const first = productsBySlug.get(r.product.slug);
    if (!first) productsBySlug.set(r.product.slug, { fields: r.product, line: r.line, row: r });
    else {
      const column =
        productDifference(first.fields, r.product) ??
        (imagesCell(first.row.images ?? []) !== imagesCell(r.images ?? []) ? IMAGES_COLUMN : null);
      if (column)
        errors.push({
          row: r.line,
          column,
          message: `Differs from row ${first.line}, which has the same slug. Rows of one product must agree on its columns.`,
        });
    }
    if (r.variant) {
      const key = r.variant.sku.toLowerCase();
      const seen = skuLines.get(key);
      if (seen) errors.push({ row: r.line, column: 'sku', message: `SKU ${r.variant.sku} is also on row ${seen}.` });
      else skuLines.set(key, r.line);
    }
  }

  const slugs = [...productsBySlug.keys()];
  const existingProducts = await inChunks(slugs, (chunk) =>
    db
      .select({
        id: products.id,
        slug: products.slug,
        name: products.name,
        categoryId: products.categoryId,
        status: products.status,
        basePrice: products.basePrice,
        currency: products.currency,
        supplierId: products.supplierId,
        tags: products.tags,
        description: products.description,
        attributes: products.attributes,
      })
      .from(products)
      .where(inArray(products.slug, chunk)),
  );
  for (const p of existingProducts) productsBySlug.get(p.slug)!.existing = p;
  // Attributes without a column in the file: an existing product keeps its values (checked against the
  // row's category); a new product must get its required ones from a column.
  const defsOf = new Map([...ctx.categories.values()].map((c) => [c.id, c.attributeDefs]));
  for (const entry of productsBySlug.values()) {
    const { absentKeys, missingRequired, line } = entry.row;
    if (absentKeys.length === 0) continue;
    const kept = Object.fromEntries(
      absentKeys
        .filter((k) => entry.existing?.attributes[k] !== undefined)
        .map((k) => [k, entry.existing!.attributes[k]!]),
    );
    const { values, errors: problems } = validateAttributes(defsOf.get(entry.fields.categoryId) ?? [], {
      ...kept,
      ...entry.fields.attributes,
    });
    for (const [field, messages] of Object.entries(problems)) {
      const key = field.replace(/^attributes\./, '');
      const message =
        missingRequired.includes(key) && !(key in kept)
          ? `Required in this category, and the file has no attr.${key} column.`
          : `The stored value does not fit this category: ${messages.join(' ')}`;
      errors.push({ row: line, column: `attr.${key}`, message });
    }
    entry.fields = { ...entry.fields, attributes: values };
  }
  const slugOfId = new Map(existingProducts.map((p) => [p.id, p.slug]));
  const imageOrders = await planImageOrders(db, productsBySlug, errors);
  // Going live by import follows the same rule as the form: every image has alt text.
  const activating = [...productsBySlug.values()].filter(
    (x) => x.existing && x.existing.status !== 'active' && x.fields.status === 'active',
  );
  const undescribed = await productsWithUndescribedImages(
    db,
    activating.map((x) => x.existing!.id),
  );
  for (const x of activating) {
    if (undescribed.has(x.existing!.id))
      errors.push({
        row: x.line,
        column: 'status',
        message: 'Add alt text to every image of this product (on its page) before making it active.',
      });
  }

  const variantInputs = rows
    .filter((r) => r.variant)
    .map((r) => ({ slug: r.product.slug, fields: r.variant!, line: r.line }));
  const existingVariants = await inChunks(
    variantInputs.map((v) => v.fields.sku.toLowerCase()),
    (chunk) =>
      db
        .select({
          id: variants.id,
          productId: variants.productId,
          sku: variants.sku,
          size: variants.size,
          colour: variants.colour,
          priceOverride: variants.priceOverride,
          barcode: variants.barcode,
          weightGrams: variants.weightGrams,
          active: variants.active,
        })
        .from(variants)
        .where(inArray(sql`lower(${variants.sku})`, chunk)),
  );
  const bySku = new Map(existingVariants.map((v) => [v.sku.toLowerCase(), v]));
  // SKUs found on products outside the file: look their slugs up to say where they belong.
  const foreignIds = [...new Set(existingVariants.map((v) => v.productId).filter((id) => !slugOfId.has(id)))];
  for (const p of await inChunks(foreignIds, (chunk) =>
    db.select({ id: products.id, slug: products.slug }).from(products).where(inArray(products.id, chunk)),
  )) {
    slugOfId.set(p.id, p.slug);
  }

  const summary: ImportSummary = {
    rows: data.length,
    products: { create: 0, update: 0, unchanged: 0 },
    variants: { create: 0, update: 0, unchanged: 0 },
  };
  // Barcodes are unique per variant (variants_barcode_key): repeated in the file, or on another SKU already.
  const barcodeLines = new Map<string, number>();
  for (const v of variantInputs) {
    if (!v.fields.barcode) continue;
    const seen = barcodeLines.get(v.fields.barcode);
    if (seen)
      errors.push({ row: v.line, column: 'barcode', message: `Barcode ${v.fields.barcode} is also on row ${seen}.` });
    else barcodeLines.set(v.fields.barcode, v.line);
  }
  const barcodeOwners = await inChunks([...barcodeLines.keys()], (chunk) =>
    db.select({ barcode: variants.barcode, sku: variants.sku }).from(variants).where(inArray(variants.barcode, chunk)),
  );
  for (const owner of barcodeOwners) {
    const line = barcodeLines.get(owner.barcode)!;
    const row = variantInputs.find((v) => v.line === line)!;
    if (owner.sku.toLowerCase() !== row.fields.sku.toLowerCase())
      errors.push({ row: line, column: 'barcode', message: `Barcode ${owner.barcode} is already on ${owner.sku}.` });
  }
  const variantRows: Plan['variantRows'] = [];
  for (const v of variantInputs) {
    const existing = bySku.get(v.fields.sku.toLowerCase());
    if (existing && slugOfId.get(existing.productId) !== v.slug) {
      errors.push({
        row: v.line,
        column: 'sku',
        message: `SKU ${v.fields.sku} belongs to product "${slugOfId.get(existing.productId)}". A SKU cannot move between products by import.`,
      });
      continue;
    }
    variantRows.push({ slug: v.slug, fields: v.fields, existing });
    if (!existing) summary.variants.create += 1;
    else if (variantChanged(existing, v.fields)) summary.variants.update += 1;
    else summary.variants.unchanged += 1;
  }
  for (const p of productsBySlug.values()) {
    if (!p.existing) summary.products.create += 1;
    else if (productChanged(p.existing, p.fields)) summary.products.update += 1;
    else summary.products.unchanged += 1;
  }
  errors.sort((a, b) => a.row - b.row);
  return { summary, errors, productsBySlug, variantRows, imageOrders };
}

/**
 * The `images` column: every URL must name an image already stored for that product, under the colour it is
 * listed with (nothing is fetched from anywhere). Returns the order to apply per product and colour group.
 */
async function planImageOrders(
  db: Db,
  productsBySlug: Plan['productsBySlug'],
  errors: CsvError[],
): Promise<Plan['imageOrders']> {
  const listed = [...productsBySlug.values()].filter((p) => p.row.images && p.row.images.length > 0);
  const keys = listed.flatMap((p) => p.row.images!.map((r) => keyOfMediaUrl(r.url)!));
  const stored = await inChunks([...new Set(keys)], (chunk) =>
    db
      .select({
        id: productImages.id,
        productId: productImages.productId,
        colour: productImages.colour,
        thumbKey: productImages.thumbKey,
        displayKey: productImages.displayKey,
      })
      .from(productImages)
      .where(or(inArray(productImages.displayKey, chunk), inArray(productImages.thumbKey, chunk))),
  );
  const byKey = new Map(stored.flatMap((s) => [[s.displayKey, s] as const, [s.thumbKey, s] as const]));
  const orders: Plan['imageOrders'] = [];
  for (const p of listed) {
    const groups = new Map<string, string[]>();
    let ok = true;
    for (const ref of p.row.images!) {
      const img = byKey.get(keyOfMediaUrl(ref.url)!);
      const problem =
        !img || img.productId !== p.existing?.id
          ? `${ref.url} is not an image of this product. The import accepts only images already stored for the product; upload new ones on its page.`
          : img.colour.toLowerCase() !== ref.colour.toLowerCase()
            ? `${ref.url} is filed under ${img.colour ? `colour ${img.colour}` : 'the product'}, not ${ref.colour ? `colour ${ref.colour}` : 'the product'}.`
            : (groups.get(img.colour) ?? []).includes(img.id)
              ? `${ref.url} is listed twice.`
              : null;
      if (problem) {
        errors.push({ row: p.line, column: IMAGES_COLUMN, message: problem });
        ok = false;
        continue;
      }
      (groups.get(img!.colour) ?? groups.set(img!.colour, []).get(img!.colour)!).push(img!.id);
    }
    if (ok) orders.push({ productId: p.existing!.id, slug: p.fields.slug, groups });
  }
  return orders;
}

/** Puts the listed images of each group first, in the file's order; images the file leaves out follow, as they were. */
async function applyImageOrders(tx: Db, orders: Plan['imageOrders']): Promise<string[]> {
  const reordered: string[] = [];
  for (const o of orders) {
    let changed = false;
    for (const [colour, ids] of o.groups) {
      const current = await tx
        .select({ id: productImages.id, position: productImages.position })
        .from(productImages)
        .where(and(eq(productImages.productId, o.productId), eq(productImages.colour, colour)))
        .orderBy(asc(productImages.position));
      const next = [...ids, ...current.map((c) => c.id).filter((id) => !ids.includes(id))];
      for (const [position, id] of next.entries()) {
        if (current[position]?.id === id) continue;
        await tx.update(productImages).set({ position }).where(eq(productImages.id, id));
        changed = true;
      }
    }
    if (changed) reordered.push(o.slug);
  }
  return reordered;
}

function productChanged(a: ProductFields, b: ProductFields): boolean {
  return productDifference(a, b) !== null;
}

function variantChanged(a: VariantFields, b: VariantFields): boolean {
  return (['sku', 'size', 'colour', 'priceOverride', 'barcode', 'weightGrams', 'active'] as const).some(
    (k) => stable(a[k]) !== stable(b[k]),
  );
}

/** Bytes → parsed rows, or a file-level error (encoding, CSV syntax, header). */
function readFile(bytes: Uint8Array): { header: string[]; rows: string[][] } | { fileError: string } {
  const text = decodeUtf8(bytes);
  if (text === null)
    return { fileError: 'The file is not UTF-8 text. In your spreadsheet, save it as "CSV UTF-8" and try again.' };
  if (text.includes('\u0000')) return { fileError: 'The file looks binary, not CSV text.' };
  const parsed = parseCsv(text);
  if ('error' in parsed) return { fileError: parsed.error };
  const header = checkHeader(parsed.header);
  if ('error' in header) return { fileError: header.error };
  return parsed;
}

function failed(p: { errors: CsvError[]; summary?: ImportSummary }): ImportResult {
  return {
    ok: false,
    committed: false,
    errors: p.errors.slice(0, MAX_ERRORS_SHOWN),
    errorCount: p.errors.length,
    summary: p.summary,
  };
}

/** Dry run: every row checked, nothing written. */
export async function checkImport(db: Db, bytes: Uint8Array): Promise<ImportResult> {
  const file = readFile(bytes);
  if ('fileError' in file) return { ok: false, committed: false, fileError: file.fileError, errors: [], errorCount: 0 };
  const p = await plan(db, file.header, file.rows);
  return p.errors.length ? failed(p) : { ok: true, committed: false, summary: p.summary };
}

/** Rows through `jsonb_to_recordset`: one statement per batch on every driver, no per-row round trips. */
function json(rows: unknown[]) {
  return sql`${JSON.stringify(rows)}::jsonb`;
}

/**
 * Imports the file all or nothing: validated again inside one transaction (so it sees what it writes
 * against), then bulk upserts (products by slug, variants by SKU) and one audit row per product touched.
 * Any row error means nothing is written.
 */
export async function commitImport(db: Db, actor: Actor, bytes: Uint8Array): Promise<ImportResult> {
  const file = readFile(bytes);
  if ('fileError' in file) return { ok: false, committed: false, fileError: file.fileError, errors: [], errorCount: 0 };
  return db.transaction(async (tx) => {
    // Imports run one at a time, so two files cannot both create the same slug or SKU between check and write.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('bobbin.catalog.import'))`);
    const p = await plan(tx, file.header, file.rows);
    if (p.errors.length) return failed(p);

    const toInsert = [...p.productsBySlug.values()].filter((x) => !x.existing).map((x) => x.fields);
    const toUpdate = [...p.productsBySlug.values()].filter((x) => x.existing && productChanged(x.existing, x.fields));
    const idOfSlug = new Map(
      [...p.productsBySlug.values()].filter((x) => x.existing).map((x) => [x.fields.slug, x.existing!.id]),
    );

    for (let i = 0; i < toInsert.length; i += 2000) {
      const inserted = rowsOf<{ id: string; slug: string }>(
        await tx.execute(sql`
          insert into products (slug, name, category_id, status, base_price, currency, supplier_id, tags, description, attributes)
          select slug, name, category_id, status::product_status, base_price, currency, supplier_id, tags, description, attributes
          from jsonb_to_recordset(${json(toInsert.slice(i, i + 2000).map(productRecord))})
            as x(slug text, name text, category_id uuid, status text, base_price int, currency text, supplier_id uuid, tags text[], description text, attributes jsonb)
          returning id, slug`),
      );
      for (const r of inserted) idOfSlug.set(r.slug, r.id);
    }
    for (let i = 0; i < toUpdate.length; i += 2000) {
      // Each changed product's `product.updated` webhook event (outbox.ts, the edit form's) goes into the outbox in
      // the same statement: one round trip per chunk.
      await tx.execute(sql`
        with upd as (
          update products p set name = x.name, category_id = x.category_id, status = x.status::product_status, base_price = x.base_price,
            currency = x.currency, supplier_id = x.supplier_id, tags = x.tags, description = x.description, attributes = x.attributes,
            version = p.version + 1, updated_at = now()
          from jsonb_to_recordset(${json(toUpdate.slice(i, i + 2000).map((u) => ({ id: u.existing!.id, ...productRecord(u.fields) })))})
            as x(id uuid, name text, category_id uuid, status text, base_price int, currency text, supplier_id uuid, tags text[], description text, attributes jsonb)
          where p.id = x.id
          returning ${productEventColumns('p')}
        )
        ${insertProductUpdated(sql`upd`)}`);
    }

    const newVariants = p.variantRows.filter((v) => !v.existing);
    const changedVariants = p.variantRows.filter((v) => v.existing && variantChanged(v.existing, v.fields));
    for (let i = 0; i < newVariants.length; i += 5000) {
      await tx.execute(sql`
        insert into variants (product_id, sku, size, colour, price_override, barcode, weight_grams, active)
        select product_id, sku, size, colour, price_override, barcode, weight_grams, active
        from jsonb_to_recordset(${json(newVariants.slice(i, i + 5000).map((v) => ({ product_id: idOfSlug.get(v.slug), ...variantRecord(v.fields) })))})
          as x(product_id uuid, sku text, size text, colour text, price_override int, barcode text, weight_grams int, active boolean)`);
    }
    for (let i = 0; i < changedVariants.length; i += 5000) {
      await tx.execute(sql`
        update variants v set sku = x.sku, size = x.size, colour = x.colour, price_override = x.price_override, barcode = x.barcode,
          weight_grams = x.weight_grams, active = x.active, version = v.version + 1, updated_at = now()
        from jsonb_to_recordset(${json(changedVariants.slice(i, i + 5000).map((v) => ({ id: v.existing!.id, ...variantRecord(v.fields) })))})
          as x(id uuid, sku text, size text, colour text, price_override int, barcode text, weight_grams int, active boolean)
        where v.id = x.id`);
    }

    const reordered = await applyImageOrders(tx, p.imageOrders);
    await writeImportAudit(
      tx,
      actor,
      p,
      idOfSlug,
      toUpdate.map((u) => u.fields.slug),
      newVariants,
      changedVariants,
      reordered,
    );
    await refreshCompleteness(tx, [...idOfSlug.values()]);
    return { ok: true, committed: true, summary: p.summary };
  });
}

function productRecord(f: ProductFields) {
  return {
    slug: f.slug,
    name: f.name,
    category_id: f.categoryId,
    status: f.status,
    base_price: f.basePrice,
    currency: f.currency,
    supplier_id: f.supplierId,
    tags: f.tags,
    description: f.description,
    attributes: f.attributes,
  };
}

function variantRecord(f: VariantFields) {
  return {
    sku: f.sku,
    size: f.size,
    colour: f.colour,
    price_override: f.priceOverride,
    barcode: f.barcode,
    weight_grams: f.weightGrams,
    active: f.active,
  };
}

/** One audit row per product the import created or changed (its fields, and the SKUs added or changed). */
async function writeImportAudit(
  tx: Db,
  actor: Actor,
  p: Plan,
  idOfSlug: Map<string, string>,
  updatedSlugs: string[],
  newVariants: Plan['variantRows'],
  changedVariants: Plan['variantRows'],
  reordered: string[] = [],
) {
  const ctx = await loadImportContext(tx);
  const catName = new Map([...ctx.categories.values()].map((c) => [c.id, c.name]));
  const supName = new Map([...ctx.suppliers.values()].map((s) => [s.id, s.name]));
  const view = (f: ProductFields) =>
    productAuditView(f, catName.get(f.categoryId) ?? '', f.supplierId ? (supName.get(f.supplierId) ?? null) : null);
  const added = new Map<string, string[]>();
  const changed = new Map<string, string[]>();
  for (const v of newVariants) (added.get(v.slug) ?? added.set(v.slug, []).get(v.slug)!).push(v.fields.sku);
  for (const v of changedVariants) (changed.get(v.slug) ?? changed.set(v.slug, []).get(v.slug)!).push(v.fields.sku);
  const updated = new Set(updatedSlugs);
  const touched = new Set([
    ...updated,
    ...reordered,
    ...added.keys(),
    ...changed.keys(),
    ...[...p.productsBySlug.values()].filter((x) => !x.existing).map((x) => x.fields.slug),
  ]);
  const rows = [...touched].map((slug) => {
    const entry = p.productsBySlug.get(slug)!;
    const before = entry.existing ? view(entry.existing) : null;
    const after: Record<string, unknown> = updated.has(slug) || !entry.existing ? view(entry.fields) : { ...before };
    if (added.has(slug)) after['variants added'] = added.get(slug)!.join(', ');
    if (changed.has(slug)) after['variants changed'] = changed.get(slug)!.join(', ');
    if (reordered.includes(slug)) after['image order'] = 'set by import';
    return {
      actorId: actor.id,
      actorLabel: actor.label,
      entityType: 'product',
      entityId: idOfSlug.get(slug)!,
      action: entry.existing ? 'import' : 'create',
      changes: diffRecords(before, after),
    };
  });
  for (let i = 0; i < rows.length; i += 1000) await tx.insert(auditLog).values(rows.slice(i, i + 1000));
}
