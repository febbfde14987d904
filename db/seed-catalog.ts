import { count } from 'drizzle-orm';
import type { Db } from './client';
import { auditLog, categories, products, suppliers, variants } from './schema';
import type { AttributeDefinition, AttributeValues } from '../lib/catalog/attributes';
import { colourCode, skuPart } from '../lib/catalog/sku';
import { diffRecords } from '../lib/audit-diff';
import { SYSTEM_ACTOR } from './queries/audit';

const SEASONS = ['Spring', 'Summer', 'Autumn', 'Winter'];
const PATTERNS = ['Solid', 'Floral', 'Striped', 'Check', 'Polka dot'];
const washable: AttributeDefinition = { key: 'machine_washable', label: 'Machine washable', type: 'boolean' };
const season: AttributeDefinition = { key: 'season', label: 'Season', type: 'multi_enum', options: SEASONS };

/** The demo categories and their attribute definitions (also the shape used by seed:large and the bench). */
export const DEMO_CATEGORIES: {
  name: string;
  nouns: string[];
  sizes: string[];
  price: [number, number];
  defs: AttributeDefinition[];
}[] = [
  {
    name: 'Dresses',
    nouns: ['Wrap Dress', 'Midi Dress', 'Shirt Dress', 'Slip Dress', 'Maxi Dress', 'Tea Dress'],
    sizes: ['XS', 'S', 'M', 'L', 'XL'],
    price: [4900, 18900],
    defs: [
      {
        key: 'fabric',
        label: 'Fabric',
        type: 'enum',
        options: ['Linen', 'Cotton', 'Silk', 'Viscose', 'Wool', 'Denim'],
        required: true,
      },
      season,
      { key: 'length_cm', label: 'Length', type: 'number', unit: 'cm' },
      { key: 'pattern_type', label: 'Pattern', type: 'enum', options: PATTERNS },
      washable,
    ],
  },
  {
    name: 'Tops',
    nouns: ['Blouse', 'Tee', 'Camisole', 'Shirt', 'Tunic'],
    sizes: ['XS', 'S', 'M', 'L', 'XL'],
    price: [1900, 8900],
    defs: [
      {
        key: 'fabric',
        label: 'Fabric',
        type: 'enum',
        options: ['Linen', 'Cotton', 'Silk', 'Viscose', 'Jersey'],
        required: true,
      },
      season,
      { key: 'sleeve', label: 'Sleeve', type: 'enum', options: ['Sleeveless', 'Short', 'Three-quarter', 'Long'] },
      { key: 'pattern_type', label: 'Pattern', type: 'enum', options: PATTERNS },
      washable,
    ],
  },
  {
    name: 'Trousers',
    nouns: ['Wide-Leg Trousers', 'Chinos', 'Culottes', 'Cigarette Trousers', 'Jeans'],
    sizes: ['34', '36', '38', '40', '42', '44'],
    price: [3900, 12900],
    defs: [
      {
        key: 'fabric',
        label: 'Fabric',
        type: 'enum',
        options: ['Linen', 'Cotton', 'Wool', 'Denim', 'Corduroy'],
        required: true,
      },
      season,
      { key: 'inseam_cm', label: 'Inseam', type: 'number', unit: 'cm' },
      { key: 'fit', label: 'Fit', type: 'enum', options: ['Slim', 'Regular', 'Wide'] },
      washable,
    ],
  },
  {
    name: 'Knitwear',
    nouns: ['Cardigan', 'Jumper', 'Vest', 'Roll-Neck'],
    sizes: ['S', 'M', 'L'],
    price: [5900, 21900],
    defs: [
      {
        key: 'fabric',
        label: 'Fabric',
        type: 'enum',
        options: ['Wool', 'Cashmere', 'Cotton', 'Alpaca', 'Merino'],
        required: true,
      },
      season,
      { key: 'gauge', label: 'Gauge', type: 'number', unit: 'gg' },
      { key: 'neckline', label: 'Neckline', type: 'enum', options: ['Crew', 'V-neck', 'Turtle'] },
    ],
  },
  {
    name: 'Sewing patterns',
    nouns: ['Dress Pattern', 'Shirt Pattern', 'Trouser Pattern', 'Jacket Pattern', 'Skirt Pattern'],
    sizes: ['6-18', '16-30'],
    price: [1200, 2400],
    defs: [
      {
        key: 'difficulty',
        label: 'Difficulty',
        type: 'enum',
        options: ['Beginner', 'Intermediate', 'Advanced'],
        required: true,
      },
      { key: 'format', label: 'Format', type: 'multi_enum', options: ['PDF', 'Printed'] },
      { key: 'pieces', label: 'Pattern pieces', type: 'number' },
      { key: 'fabric_m', label: 'Fabric needed', type: 'number', unit: 'm' },
    ],
  },
  {
    name: 'Accessories',
    nouns: ['Tote Bag', 'Scarf', 'Belt', 'Hair Scrunchie', 'Bucket Hat'],
    sizes: ['One size'],
    price: [900, 6900],
    defs: [
      {
        key: 'material',
        label: 'Material',
        type: 'enum',
        options: ['Leather', 'Canvas', 'Silk', 'Cotton', 'Linen'],
        required: true,
      },
      { key: 'gift_wrap', label: 'Gift wrap available', type: 'boolean' },
    ],
  },
];

/**
 * Categories the size chart maps garment types to (bottoms: Skirts, shoes: Shoes) with a few products in every
 * chart size, so each garment type's demand view has stock at first start. Kept apart from DEMO_CATEGORIES so
 * the generated catalog above (and seed:large) stays the same; fixed names, no randomness.
 */
export const DEMO_GARMENT_CATEGORIES: {
  name: string;
  sizes: string[];
  defs: AttributeDefinition[];
  products: { name: string; price: number; colours: string[] }[];
}[] = [
  {
    name: 'Skirts',
    sizes: ['34', '36', '38', '40', '42', '44'],
    defs: [
      { key: 'fabric', label: 'Fabric', type: 'enum', options: ['Linen', 'Cotton', 'Wool', 'Denim'], required: true },
      season,
      washable,
    ],
    products: [
      { name: 'Ava Linen A-Line Skirt', price: 6990, colours: ['Sand', 'Navy'] },
      { name: 'Iris Pleated Midi Skirt', price: 8990, colours: ['Black'] },
      { name: 'Juno Denim Skirt', price: 5990, colours: ['Navy'] },
    ],
  },
  {
    name: 'Shoes',
    sizes: ['36', '37', '38', '39', '40', '41', '42', '43', '44', '45'],
    defs: [
      { key: 'material', label: 'Material', type: 'enum', options: ['Leather', 'Canvas', 'Suede'], required: true },
      season,
    ],
    products: [
      { name: 'Nora Leather Loafer', price: 12900, colours: ['Black'] },
      { name: 'Wren Canvas Sneaker', price: 6900, colours: ['Ecru', 'Navy'] },
      { name: 'Olive Suede Ankle Boot', price: 15900, colours: ['Rust'] },
    ],
  },
];

export const DEMO_SUPPLIERS = [
  {
    name: 'Atelier Lumen',
    contact: 'orders@atelier-lumen.example',
    leadTimeDays: 21,
    notes: 'Linen and cotton wovens, Portugal.',
  },
  {
    name: 'Nordic Knit Co.',
    contact: '+45 33 12 34 56',
    leadTimeDays: 35,
    notes: 'Knitwear; minimum 50 units per colour.',
  },
  { name: 'Mill & Thread', contact: 'sales@millthread.example', leadTimeDays: 14, notes: '' },
  { name: 'Indigo Works', contact: 'hello@indigoworks.example', leadTimeDays: 28, notes: 'Denim and chambray.' },
  {
    name: 'Paper Pattern Press',
    contact: 'print@pppress.example',
    leadTimeDays: 7,
    notes: 'Prints the paper patterns.',
  },
  {
    name: 'Silk Road Textiles',
    contact: 'silk@srt.example',
    leadTimeDays: 42,
    notes: 'Silk and viscose; long lead time before summer.',
  },
  { name: 'Leather Lane', contact: 'info@leatherlane.example', leadTimeDays: 18, notes: '' },
];

/** Which demo suppliers (indexes into DEMO_SUPPLIERS) make each demo category. */
const SUPPLIERS_OF = [[0, 2, 5], [0, 2, 5], [2, 3], [1], [4], [6, 0]];

/** First names product names start with (the demo catalog and the large benchmark catalog). */
export const NAMES = [
  'Ava',
  'Isla',
  'Mila',
  'Nora',
  'Elsie',
  'Ruby',
  'Hazel',
  'Iris',
  'Juno',
  'Olive',
  'Maud',
  'Wren',
  'Clara',
  'Freya',
  'Lotte',
  'Greta',
];
export const COLOURS = ['Navy', 'Sand', 'Olive', 'Black', 'Ecru', 'Rust', 'Sage', 'Plum'];
const TAGS = ['bestseller', 'new-in', 'organic', 'limited', 'sale', 'staff-pick', 'made-to-order'];

/** Deterministic pseudo-random numbers, so every fresh demo has the same catalog. */
export function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Attribute values fitting the definitions (a few optional ones left out). */
export function demoAttributes(defs: AttributeDefinition[], rand: () => number): AttributeValues {
  const out: AttributeValues = {};
  for (const d of defs) {
    if (!d.required && rand() < 0.15) continue;
    if (d.type === 'enum') out[d.key] = d.options![Math.floor(rand() * d.options!.length)]!;
    else if (d.type === 'multi_enum') out[d.key] = d.options!.filter(() => rand() < 0.5).slice(0, 3);
    else if (d.type === 'boolean') out[d.key] = rand() < 0.6;
    else if (d.type === 'number')
      out[d.key] =
        d.unit === 'm' ? Math.round(rand() * 30 + 10) / 10 : Math.round(rand() * 60 + (d.unit === 'cm' ? 60 : 5));
    else out[d.key] = 'Note';
    if (Array.isArray(out[d.key]) && (out[d.key] as string[]).length === 0) out[d.key] = [d.options![0]!];
  }
  return out;
}

/**
 * A realistic demo catalog: categories with attribute definitions, suppliers, ~300 products and ~1,000
 * variants, bulk-inserted (first start stays quick). Skipped when products exist.
 */
export async function seedDemoCatalog(db: Db, productCount = 300): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(products);
  if ((row?.n ?? 0) > 0) return false;
  const rand = rng(42);
  await db.transaction(async (tx) => {
    const cats = await tx
      .insert(categories)
      .values(DEMO_CATEGORIES.map((c) => ({ name: c.name, attributeDefs: c.defs })))
      .returning();
    const sups = await tx.insert(suppliers).values(DEMO_SUPPLIERS).returning();
    const productRows: (typeof products.$inferInsert)[] = [];
    const used = new Set<string>();
    for (let i = 0; productRows.length < productCount && i < productCount * 4; i++) {
      const ci = i % DEMO_CATEGORIES.length;
      const c = DEMO_CATEGORIES[ci]!;
      const attributes = demoAttributes(c.defs, rand);
      const lead = String(attributes.fabric ?? attributes.material ?? '');
      const name = `${NAMES[Math.floor(rand() * NAMES.length)]} ${lead && rand() < 0.5 ? `${lead} ` : ''}${c.nouns[Math.floor(rand() * c.nouns.length)]}`;
      let slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
      if (used.has(slug)) slug = `${slug}-${i}`;
      used.add(slug);
      const [lo, hi] = c.price;
      const r = rand();
      productRows.push({
        name,
        slug,
        description: `${name}. ${c.name === 'Sewing patterns' ? 'Includes step-by-step instructions.' : 'Cut and sewn in small batches.'}`,
        categoryId: cats[ci]!.id,
        status: r < 0.7 ? 'active' : r < 0.9 ? 'draft' : 'archived',
        basePrice: Math.round((lo + rand() * (hi - lo)) / 100) * 100 - 10,
        currency: 'EUR',
        supplierId: rand() < 0.9 ? sups[SUPPLIERS_OF[ci]![Math.floor(rand() * SUPPLIERS_OF[ci]!.length)]!]!.id : null,
        tags: TAGS.filter(() => rand() < 0.18),
        attributes,
      });
    }
    const created = await tx
      .insert(products)
      .values(productRows)
      .returning({ id: products.id, slug: products.slug, categoryId: products.categoryId, name: products.name });
    const catIndex = new Map(cats.map((c, i) => [c.id, i]));
    const variantRows: (typeof variants.$inferInsert)[] = [];
    for (const p of created) {
      const c = DEMO_CATEGORIES[catIndex.get(p.categoryId)!]!;
      // Paper patterns come in sizes only.
      const colours = c.name === 'Sewing patterns' ? [''] : COLOURS.filter(() => rand() < 0.3).slice(0, 3);
      const sizes = c.sizes.length > 3 ? c.sizes.slice(1, 4) : c.sizes;
      for (const size of sizes) {
        for (const colour of colours.length ? colours : ['Black']) {
          variantRows.push({
            productId: p.id,
            sku: [skuPart(p.slug), skuPart(size), colourCode(colour)].filter(Boolean).join('-'),
            size,
            colour,
            weightGrams: 150 + Math.floor(rand() * 600),
          });
        }
      }
    }
    const garmentCats = await tx
      .insert(categories)
      .values(DEMO_GARMENT_CATEGORIES.map((c) => ({ name: c.name, attributeDefs: c.defs })))
      .returning();
    const garmentProducts = await tx
      .insert(products)
      .values(
        DEMO_GARMENT_CATEGORIES.flatMap((c, ci) =>
          c.products.map((p) => ({
            name: p.name,
            slug: p.name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
            description: `${p.name}. Cut and sewn in small batches.`,
            categoryId: garmentCats[ci]!.id,
            status: 'active' as const,
            basePrice: p.price,
            currency: 'EUR',
            supplierId: sups[ci === 0 ? 0 : 6]!.id,
            tags: [],
            attributes: { [c.defs[0]!.key]: c.defs[0]!.options![0]!, season: ['Spring', 'Autumn'] },
          })),
        ),
      )
      .returning({ id: products.id, slug: products.slug, categoryId: products.categoryId, name: products.name });
    for (const p of garmentProducts) {
      const ci = garmentCats.findIndex((c) => c.id === p.categoryId);
      const def = DEMO_GARMENT_CATEGORIES[ci]!;
      const colours = def.products.find((x) => x.name === p.name)!.colours;
      for (const size of def.sizes)
        for (const colour of colours)
          variantRows.push({
            productId: p.id,
            sku: [skuPart(p.slug), skuPart(size), colourCode(colour)].join('-'),
            size,
            colour,
            weightGrams: ci === 0 ? 300 : 800,
          });
    }
    for (let i = 0; i < variantRows.length; i += 1000) await tx.insert(variants).values(variantRows.slice(i, i + 1000));
    created.push(...garmentProducts);
    await tx.insert(auditLog).values([
      ...[...cats, ...garmentCats].map((c) => ({
        actorId: null,
        actorLabel: SYSTEM_ACTOR.label,
        entityType: 'category',
        entityId: c.id,
        action: 'create',
        changes: diffRecords(null, { name: c.name }),
      })),
      ...created.map((p) => ({
        actorId: null,
        actorLabel: SYSTEM_ACTOR.label,
        entityType: 'product',
        entityId: p.id,
        action: 'create',
        changes: diffRecords(null, { name: p.name, slug: p.slug }),
      })),
    ]);
  });
  return true;
}
