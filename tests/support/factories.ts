import crypto from 'node:crypto';
import type { Db } from '@/db/client';
import { SYSTEM_ACTOR } from '@/db/queries/audit';
import { createStaff } from '@/db/queries/staff';
import type { Role } from '@/lib/roles';
import type { SessionUser } from '@/lib/server/session';
import { createCategory } from '@/db/queries/catalog-categories';
import { createProduct, type ProductInput } from '@/db/queries/catalog-products';
import { createSupplier } from '@/db/queries/catalog-suppliers';
import { createVariants, type VariantInput } from '@/db/queries/catalog-variants';
import type { AttributeDefinition } from '@/lib/catalog/attributes';

export const TEST_PASSWORD = 'correct-horse-battery';

/** A staff account with a unique email; password TEST_PASSWORD. */
export async function makeStaff(
  db: Db,
  role: Role = 'merchandiser',
  overrides: { email?: string; name?: string } = {},
) {
  const tag = crypto.randomBytes(4).toString('hex');
  return createStaff(db, SYSTEM_ACTOR, {
    email: overrides.email ?? `${role}-${tag}@example.test`,
    name: overrides.name ?? `${role} ${tag}`,
    role,
    password: TEST_PASSWORD,
  });
}

export function asSession(user: { id: string; email: string; name: string; role: Role }): SessionUser {
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

// ---- catalog ----

export const DRESS_DEFS: AttributeDefinition[] = [
  { key: 'fabric', label: 'Fabric', type: 'enum', options: ['Linen', 'Cotton', 'Silk'], required: true },
  { key: 'season', label: 'Season', type: 'multi_enum', options: ['Spring', 'Summer', 'Autumn', 'Winter'] },
  { key: 'length_cm', label: 'Length', type: 'number', unit: 'cm' },
  { key: 'washable', label: 'Machine washable', type: 'boolean' },
];

export async function makeCategory(
  db: Db,
  name = `Cat ${crypto.randomBytes(3).toString('hex')}`,
  defs: AttributeDefinition[] = DRESS_DEFS,
) {
  return createCategory(db, SYSTEM_ACTOR, { name, attributeDefs: defs });
}

export async function makeSupplier(db: Db, name = `Supplier ${crypto.randomBytes(3).toString('hex')}`) {
  return createSupplier(db, SYSTEM_ACTOR, { name, contact: 'x@example.test', leadTimeDays: 10, notes: '' });
}

/** A product in `categoryId`; the slug comes from the name unless given. */
export async function makeProduct(db: Db, categoryId: string, overrides: Partial<ProductInput> = {}) {
  const name = overrides.name ?? `Product ${crypto.randomBytes(3).toString('hex')}`;
  return createProduct(db, SYSTEM_ACTOR, {
    name,
    slug: overrides.slug ?? name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    description: '',
    categoryId,
    status: 'active',
    basePrice: 4900,
    currency: 'EUR',
    supplierId: null,
    tags: [],
    attributes: { fabric: 'Linen' },
    ...overrides,
  });
}

/** The edit form's input for `p` as loaded, with `patch` applied (what `updateProduct` takes). */
export function editInput(p: Awaited<ReturnType<typeof makeProduct>>, patch: Partial<ProductInput> = {}) {
  return {
    id: p.id,
    version: p.version,
    name: p.name,
    slug: p.slug,
    description: p.description,
    categoryId: p.categoryId,
    status: p.status,
    basePrice: p.basePrice,
    currency: p.currency,
    supplierId: p.supplierId,
    tags: p.tags,
    attributes: p.attributes as Record<string, unknown>,
    ...patch,
  };
}

export function variant(sku: string, overrides: Partial<VariantInput> = {}): VariantInput {
  return {
    sku,
    size: 'M',
    colour: 'Navy',
    priceOverride: null,
    barcode: '',
    weightGrams: null,
    active: true,
    ...overrides,
  };
}

export async function makeVariants(db: Db, productId: string, skus: string[]) {
  return createVariants(
    db,
    SYSTEM_ACTOR,
    productId,
    skus.map((s) => variant(s)),
  );
}
