import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { AttributeDefinition, AttributeValues } from '../../lib/catalog/attributes';
import type { CompletenessRules } from '../../lib/catalog/completeness';
import { PRODUCT_STATUSES } from '../../lib/catalog/constants';

export const productStatus = pgEnum('product_status', PRODUCT_STATUSES);

/** Who makes a product. Products link to at most one. */
export const suppliers = pgTable(
  'suppliers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    contact: text('contact').notNull().default(''),
    leadTimeDays: integer('lead_time_days').notNull().default(0),
    notes: text('notes').notNull().default(''),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('suppliers_name_lower_key').on(sql`lower(${t.name})`)],
);

/**
 * A category, and the attributes its products carry. The definitions are data (JSONB), so a merchandiser
 * adds "fabric" or "inseam (cm)" without a migration; products are validated against them on the server.
 */
export const categories = pgTable(
  'categories',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    attributeDefs: jsonb('attribute_defs').$type<AttributeDefinition[]>().notNull().default([]),
    /** What its products need to be complete (lib/catalog/completeness.ts); missing keys take the defaults. */
    completenessRules: jsonb('completeness_rules').$type<Partial<CompletenessRules>>().notNull().default({}),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('categories_name_lower_key').on(sql`lower(${t.name})`)],
);

/** A style or pattern. Prices are integers in minor units (cents) with their currency. */
export const products = pgTable(
  'products',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    slug: text('slug').notNull(),
    description: text('description').notNull().default(''),
    categoryId: uuid('category_id')
      .notNull()
      .references(() => categories.id, { onDelete: 'restrict' }),
    status: productStatus('status').notNull().default('draft'),
    basePrice: integer('base_price').notNull(),
    currency: text('currency').notNull().default('EUR'),
    supplierId: uuid('supplier_id').references(() => suppliers.id, { onDelete: 'set null' }),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    attributes: jsonb('attributes').$type<AttributeValues>().notNull().default({}),
    /**
     * The completeness score (0-100) under its category's rules, kept by every write that changes what it reads
     * (db/queries/catalog-completeness.ts); null until first computed (rows from before the column).
     */
    completeness: smallint('completeness'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('products_slug_key').on(t.slug),
    // "Incomplete" filter and the completeness sort.
    index('products_completeness_idx').on(t.completeness, t.id),
    // Attribute filters are containment queries (attributes @> '{"fabric":"linen"}').
    index('products_attributes_gin').using('gin', sql`${t.attributes} jsonb_path_ops`),
    index('products_tags_gin').using('gin', t.tags),
    // Word-prefix name search without pg_trgm (not available on PGlite by default).
    index('products_name_search_gin').using('gin', sql`to_tsvector('simple', ${t.name})`),
    // Each filter with the list's default order (newest first), and each sort order.
    index('products_category_idx').on(t.categoryId, t.updatedAt.desc(), t.id),
    index('products_status_idx').on(t.status, t.updatedAt.desc(), t.id),
    index('products_supplier_idx').on(t.supplierId),
    index('products_updated_idx').on(t.updatedAt.desc(), t.id),
    index('products_price_idx').on(t.basePrice, t.id),
    index('products_name_idx').on(sql`lower(${t.name})`, t.id),
  ],
);

/** A SKU: one size and colour of a product. SKU codes are unique ignoring case. */
export const variants = pgTable(
  'variants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    sku: text('sku').notNull(),
    size: text('size').notNull().default(''),
    colour: text('colour').notNull().default(''),
    /** Null: the product's base price applies. */
    priceOverride: integer('price_override'),
    barcode: text('barcode').notNull().default(''),
    /** What one unit costs to buy, in cents (null: not set); the default cost of new purchase-order lines. */
    unitCost: integer('unit_cost'),
    /**
     * Moving-average cost of one unit across all locations, in cents with 4 decimals (docs/adr/0017). Changed only
     * by receipts, in the receipt's transaction; null until the first costed receipt.
     */
    avgCost: numeric('avg_cost', { precision: 16, scale: 4, mode: 'number' }),
    weightGrams: integer('weight_grams'),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('variants_sku_lower_key').on(sql`lower(${t.sku})`),
    // SKU prefix search from the product list ("lower(sku) like 'abc%'").
    index('variants_sku_pattern_idx').on(sql`lower(${t.sku}) text_pattern_ops`),
    index('variants_product_idx').on(t.productId, t.size, t.colour),
    // A scanned barcode names one variant; '' means none.
    uniqueIndex('variants_barcode_key').on(t.barcode).where(sql`${t.barcode} <> ''`),
    check('variants_unit_cost_nonneg', sql`${t.unitCost} >= 0`),
  ],
);

/**
 * A product image. `colour` '' is the product's own image; a colour names the images of that colour's variants.
 * Order is `position` within (product, colour); the first is the primary image. The files live in the media
 * store (lib/server/media-store.ts) under keys that carry the image id and a hash of their bytes, so a URL
 * never changes meaning and can be cached forever.
 */
export const productImages = pgTable(
  'product_images',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    colour: text('colour').notNull().default(''),
    position: integer('position').notNull(),
    alt: text('alt').notNull().default(''),
    thumbKey: text('thumb_key').notNull(),
    displayKey: text('display_key').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    bytes: integer('bytes').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The list's thumbnail is the first image of (product, '') and the gallery reads in this order.
    index('product_images_order_idx').on(t.productId, t.colour, t.position),
    uniqueIndex('product_images_thumb_key').on(t.thumbKey),
    uniqueIndex('product_images_display_key').on(t.displayKey),
  ],
);

export type Supplier = typeof suppliers.$inferSelect;
export type ProductImage = typeof productImages.$inferSelect;
export type Category = typeof categories.$inferSelect;
export type Product = typeof products.$inferSelect;
export type Variant = typeof variants.$inferSelect;
