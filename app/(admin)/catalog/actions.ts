'use server';

import { z } from '@/lib/zod';
import { createCategory, updateCategory } from '@/db/queries/catalog-categories';
import { bulkUpdateProducts, createProduct, updateProduct } from '@/db/queries/catalog-products';
import { MAX_IMAGES_PER_PRODUCT, reorderProductImages, setImageAlt } from '@/db/queries/catalog-images';
import { createSupplier, updateSupplier } from '@/db/queries/catalog-suppliers';
import { createVariants, updateVariant } from '@/db/queries/catalog-variants';
import { bulkSaveVariants } from '@/db/queries/catalog-bulk-edit';
import { BULK_MAX_ROWS } from '@/lib/catalog/bulk-edit';
import { PRODUCT_STATUSES } from '@/lib/catalog/constants';
import { defineAction } from '@/lib/server/action';
import { removeProductImage } from '@/lib/server/media';
import { checkbox, optionalText } from '@/lib/validation';
import {
  attributeDefsJson,
  attributesFrom,
  jsonObject,
  id,
  productFields,
  slugOr,
  variantFields,
  version,
} from './schemas';

// Support staff read the catalog; every write below is refused to them on the server.

export const createProductAction = defineAction(
  {
    name: 'catalog.createProduct',
    permission: 'catalog.write',
    input: z.looseObject(productFields),
    revalidate: ['/catalog'],
    successMessage: (p: { name: string }) => `${p.name} was created. Add its variants below.`,
  },
  (input, { db, actor }) =>
    createProduct(db, actor, { ...input, slug: slugOr(input.slug, input.name), attributes: attributesFrom(input) }),
);

export const updateProductAction = defineAction(
  {
    name: 'catalog.updateProduct',
    permission: 'catalog.write',
    input: z.looseObject({ id: id('product'), version, ...productFields }),
    revalidate: (p: { id: string }) => ['/catalog', `/catalog/products/${p.id}`],
    successMessage: 'Saved.',
  },
  (input, { db, actor }) =>
    updateProduct(db, actor, { ...input, slug: slugOr(input.slug, input.name), attributes: attributesFrom(input) }),
);

const ids = z.preprocess(
  (v) => (typeof v === 'string' ? [v] : v),
  z
    .array(id('product'), { error: 'Select at least one product.' })
    .min(1, 'Select at least one product.')
    .max(100, 'Select at most 100 products at once.'),
);

export const bulkUpdateProductsAction = defineAction(
  {
    name: 'catalog.bulkUpdate',
    permission: 'catalog.write',
    input: z.discriminatedUnion(
      'op',
      [
        z.object({ op: z.literal('status'), ids, status: z.enum(PRODUCT_STATUSES, { error: 'Choose a status.' }) }),
        z.object({ op: z.literal('category'), ids, categoryId: z.uuid({ error: 'Choose a category.' }) }),
        z.object({ op: z.literal('addTag'), ids, tag: z.string().trim().toLowerCase().min(1, 'Enter a tag.').max(40) }),
        z.object({
          op: z.literal('removeTag'),
          ids,
          tag: z.string().trim().toLowerCase().min(1, 'Enter a tag.').max(40),
        }),
      ],
      { error: 'Choose what to change.' },
    ),
    revalidate: ['/catalog'],
    successMessage: (r: { updated: number }) => `${r.updated} product${r.updated === 1 ? '' : 's'} updated.`,
  },
  (input, { db, actor }) =>
    bulkUpdateProducts(
      db,
      actor,
      input.ids,
      input.op === 'status'
        ? { status: input.status }
        : input.op === 'category'
          ? { categoryId: input.categoryId }
          : input.op === 'addTag'
            ? { addTag: input.tag }
            : { removeTag: input.tag },
    ),
);

const variantRow = z.object({ ...variantFields, active: checkbox.default(true) });
const variantRows = z.preprocess(
  (v) => {
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v);
    } catch {
      return undefined;
    }
  },
  z
    .array(variantRow, { error: 'Add at least one variant.' })
    .min(1, 'Add at least one variant.')
    .max(400, 'Create at most 400 variants at once.'),
);

export const createVariantsAction = defineAction(
  {
    name: 'catalog.createVariants',
    permission: 'catalog.write',
    input: z.object({ productId: id('product'), variants: variantRows }),
    revalidate: (_r, input) => [`/catalog/products/${input.productId}`, '/catalog'],
    successMessage: (rows: unknown[]) => `${rows.length} variant${rows.length === 1 ? '' : 's'} added.`,
  },
  (input, { db, actor }) => createVariants(db, actor, input.productId, input.variants),
);

export const updateVariantAction = defineAction(
  {
    name: 'catalog.updateVariant',
    permission: 'catalog.write',
    input: z.object({ id: id('variant'), version, ...variantFields, active: checkbox }),
    revalidate: (v: { sku: string; productId: string }) => [`/catalog/products/${v.productId}`],
    successMessage: (v: { sku: string; productId: string }) => `${v.sku} saved.`,
  },
  (input, { db, actor }) => updateVariant(db, actor, input),
);

const supplierFields = {
  name: z.string({ error: 'Enter a name.' }).trim().min(1, 'Enter a name.').max(120, 'Use at most 120 characters.'),
  contact: optionalText(200).transform((v) => v ?? ''),
  leadTimeDays: z.coerce
    .number({ error: 'Enter the lead time in days.' })
    .int('Enter whole days.')
    .min(0, 'Lead time cannot be negative.')
    .max(365, 'Use at most 365 days.'),
  notes: optionalText(2000).transform((v) => v ?? ''),
};

export const createSupplierAction = defineAction(
  {
    name: 'catalog.createSupplier',
    permission: 'catalog.write',
    input: z.object(supplierFields),
    revalidate: ['/catalog/suppliers'],
    successMessage: (s: { name: string }) => `${s.name} added.`,
  },
  (input, { db, actor }) => createSupplier(db, actor, input),
);

export const updateSupplierAction = defineAction(
  {
    name: 'catalog.updateSupplier',
    permission: 'catalog.write',
    input: z.object({ id: id('supplier'), version, ...supplierFields }),
    revalidate: ['/catalog/suppliers'],
    successMessage: (s: { name: string }) => `${s.name} saved.`,
  },
  (input, { db, actor }) => updateSupplier(db, actor, input),
);

const categoryFields = {
  name: z.string({ error: 'Enter a name.' }).trim().min(1, 'Enter a name.').max(80, 'Use at most 80 characters.'),
  attributeDefs: attributeDefsJson,
  // Checked field by field in db/queries/catalog-categories.ts (lib/catalog/completeness.ts validateRules).
  completenessRules: jsonObject('The completeness rules could not be read. Reload and try again.').optional(),
};

export const createCategoryAction = defineAction(
  {
    name: 'catalog.createCategory',
    permission: 'catalog.write',
    input: z.object(categoryFields),
    revalidate: ['/catalog/categories', '/catalog'],
    successMessage: (c: { name: string }) => `${c.name} created.`,
  },
  (input, { db, actor }) => createCategory(db, actor, input),
);

export const updateCategoryAction = defineAction(
  {
    name: 'catalog.updateCategory',
    permission: 'catalog.write',
    input: z.object({ id: id('category'), version, ...categoryFields }),
    revalidate: ['/catalog/categories', '/catalog'],
    successMessage: (c: { name: string }) =>
      `${c.name} saved. Products are checked against the new attributes when next saved.`,
  },
  (input, { db, actor }) => updateCategory(db, actor, input),
);

// Images: the upload itself is a route (app/api/catalog/products/[id]/images), everything else is here.
const imageRevalidate = (r: { productId: string }) => ['/catalog', `/catalog/products/${r.productId}`];

export const reorderImagesAction = defineAction(
  {
    name: 'catalog.reorderImages',
    permission: 'catalog.write',
    input: z.object({
      productId: id('product'),
      colour: z.string().trim().max(40),
      ids: z
        .array(z.uuid({ error: 'Reload the page and try again.' }))
        .min(1)
        .max(MAX_IMAGES_PER_PRODUCT),
    }),
    revalidate: imageRevalidate,
  },
  async (input, { db, actor }) => {
    await reorderProductImages(db, actor, input.productId, input.colour, input.ids);
    return { productId: input.productId };
  },
);

export const setImageAltAction = defineAction(
  {
    name: 'catalog.setImageAlt',
    permission: 'catalog.write',
    input: z.object({
      imageId: z.uuid({ error: 'Reload the page and try again.' }),
      alt: z.string().trim().max(250, 'Use at most 250 characters.'),
    }),
    revalidate: (r: { productId: string }) => imageRevalidate(r),
    successMessage: 'Alt text saved.',
  },
  async (input, { db, actor }) => {
    const image = await setImageAlt(db, actor, input.imageId, input.alt);
    return { productId: image.productId, alt: image.alt };
  },
);

export const deleteImageAction = defineAction(
  {
    name: 'catalog.deleteImage',
    permission: 'catalog.write',
    input: z.object({ imageId: z.uuid({ error: 'Reload the page and try again.' }) }),
    revalidate: imageRevalidate,
    successMessage: 'Image deleted.',
  },
  (input, { db, actor }) => removeProductImage(db, actor, input.imageId),
);

// The bulk editor's save: cells travel as the text the grid holds and are parsed on the server by the same rules
// (lib/catalog/bulk-edit.ts), so an error comes back keyed by row and column.
const cellText = z.string().max(1000, 'Use at most 1,000 characters.');
export const bulkSaveVariantsAction = defineAction(
  {
    name: 'catalog.bulkSaveVariants',
    permission: 'catalog.write',
    input: z.object({
      variants: z
        .array(
          z.object({
            id: id('variant'),
            version: z.number().int().positive(),
            price: cellText.optional(),
            barcode: cellText.optional(),
            status: cellText.optional(),
            reorder: z
              .array(
                z.object({
                  locationId: id('location'),
                  version: z.number().int().positive().nullable(),
                  value: cellText,
                }),
              )
              .max(50)
              .optional(),
          }),
        )
        .max(BULK_MAX_ROWS, `Save at most ${BULK_MAX_ROWS.toLocaleString('en')} rows at once.`),
      products: z
        .array(
          z.object({
            id: id('product'),
            version: z.number().int().positive(),
            attributes: z.record(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/), cellText),
          }),
        )
        .max(BULK_MAX_ROWS, `Save at most ${BULK_MAX_ROWS.toLocaleString('en')} products at once.`),
    }),
    revalidate: ['/catalog'],
  },
  (input, { db, actor }) => bulkSaveVariants(db, actor, input),
);
