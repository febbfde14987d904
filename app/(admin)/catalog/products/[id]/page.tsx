import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { AuditList } from '@/components/audit/audit-list';
import { Badge } from '@/components/ui/badge';
import { Card, PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { listAudit } from '@/db/queries/audit';
import { categoryOptions } from '@/db/queries/catalog-categories';
import { listProductImages } from '@/db/queries/catalog-images';
import { productCompleteness } from '@/db/queries/catalog-completeness';
import { getProduct } from '@/db/queries/catalog-products';
import { supplierOptions } from '@/db/queries/catalog-suppliers';
import { formatAttribute } from '@/lib/catalog/attributes';
import { STATUS_LABELS, STATUS_TONES, formatMoney } from '@/lib/catalog/constants';
import { can } from '@/lib/permissions';
import { recordMetadata, requirePermission } from '@/lib/server/page-guard';
import { isUuid } from '@/lib/validation';
import { ProductForm } from '../product-form';
import { ImageManager } from './image-manager';
import { VariantMatrix } from './variant-matrix';
import { VariantsTable } from './variants-table';

/** One read per request for the page and its title. */
const loadProduct = cache(async (id: string) => (isUuid(id) ? getProduct(await getDb(), id) : null));

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  return recordMetadata('catalog.read', 'Product', async () => (await loadProduct(id))?.name);
}

export default async function ProductPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const me = await requirePermission('catalog.read', '/catalog');
  const { id } = await params;
  const product = await loadProduct(id);
  if (!product) notFound();
  const db = await getDb();
  const canWrite = can(me.role, 'catalog.write');
  const [categories, suppliers, audit, { created }, images, completeness] = await Promise.all([
    canWrite ? categoryOptions(db) : Promise.resolve([]),
    canWrite ? supplierOptions(db) : Promise.resolve([]),
    listAudit(db, { entityType: 'product', entityId: id, limit: 100 }),
    searchParams,
    listProductImages(db, id),
    productCompleteness(db, id),
  ]);
  const colours = [...new Set(product.variants.map((v) => v.colour).filter(Boolean))].sort((a, b) =>
    a.localeCompare(b),
  );
  // A variant shows its colour's primary image, else the product's.
  const firstOf = (c: string) => images.find((i) => i.colour === c && i.position === 0) ?? null;
  const colourThumbMap = Object.fromEntries(
    ['', ...colours].flatMap((c) => {
      const img = firstOf(c);
      return img ? [[c.toLowerCase(), { url: img.thumbUrl, alt: img.alt }]] : [];
    }),
  );
  const thumbOf = (c: string) => {
    const img = firstOf(c) ?? firstOf('') ?? images[0] ?? null;
    return img ? { url: img.thumbUrl, alt: img.alt } : null;
  };

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/catalog" className="text-brand-700 hover:underline dark:text-brand-100">
          ← Catalog
        </Link>
      </p>
      <PageHeader
        title={product.name}
        description={`${product.category.name} · ${formatMoney(product.basePrice, product.currency)} · ${product.variants.length} variant${product.variants.length === 1 ? '' : 's'}`}
        actions={<Badge tone={STATUS_TONES[product.status]}>{STATUS_LABELS[product.status]}</Badge>}
      />
      {created && (
        <p
          role="status"
          className="mb-4 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300"
        >
          {product.name} was created. Add its sizes and colours under Variants.
        </p>
      )}
      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="space-y-6">
          <Card className="p-5">
            <h2 className="mb-4 text-base font-semibold">Details</h2>
            {canWrite ? (
              <ProductForm
                product={{ ...product, supplierId: product.supplierId }}
                categories={categories}
                suppliers={suppliers}
              />
            ) : (
              <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2" data-testid="product-details">
                {[
                  ['Slug', product.slug],
                  ['Category', product.category.name],
                  ['Status', STATUS_LABELS[product.status]],
                  ['Base price', formatMoney(product.basePrice, product.currency)],
                  ['Supplier', product.supplierName ?? '—'],
                  ['Tags', product.tags.join(', ') || '—'],
                  ['Description', product.description || '—'],
                  ...product.category.attributeDefs.map((d) => [
                    d.label,
                    formatAttribute(d, product.attributes[d.key]),
                  ]),
                ].map(([k, v]) => (
                  <div key={k}>
                    <dt className="text-xs font-medium text-zinc-500">{k}</dt>
                    <dd>{v}</dd>
                  </div>
                ))}
              </dl>
            )}
          </Card>
          <Card className="p-5">
            <h2 className="mb-4 text-base font-semibold">Images</h2>
            <ImageManager productId={product.id} images={images} colours={colours} canWrite={canWrite} />
          </Card>
        </div>
        <div className="space-y-6">
          {completeness && (
            <Card className="h-fit p-5">
              <div className="mb-2 flex items-center justify-between">
                <h2 className="text-base font-semibold">Completeness</h2>
                <Badge tone={completeness.score === 100 ? 'green' : completeness.score >= 60 ? 'amber' : 'red'}>
                  {completeness.score}%
                </Badge>
              </div>
              <div className="mb-3 h-2 overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800" aria-hidden="true">
                <div
                  className={`h-full ${completeness.score === 100 ? 'bg-emerald-500' : 'bg-amber-500'}`}
                  style={{ width: `${completeness.score}%` }}
                />
              </div>
              {completeness.missing.length === 0 ? (
                <p className="text-sm text-emerald-700 dark:text-emerald-400">
                  Complete under the {product.category.name} rules.
                </p>
              ) : (
                <>
                  <p className="mb-1 text-sm text-zinc-600 dark:text-zinc-400">
                    Missing under the {product.category.name} rules:
                  </p>
                  <ul className="list-disc space-y-0.5 pl-5 text-sm" data-testid="completeness-missing">
                    {completeness.missing.map((m) => (
                      <li key={m}>{m}</li>
                    ))}
                  </ul>
                </>
              )}
            </Card>
          )}
          <Card className="h-fit p-5">
            <h2 className="mb-2 text-base font-semibold">History</h2>
            <AuditList rows={audit} describeEntity={() => 'this product'} />
          </Card>
        </div>
      </div>
      <Card className="mt-6 overflow-hidden">
        <div className="flex items-center justify-between border-b border-zinc-200 px-5 py-3 dark:border-zinc-800">
          <h2 className="text-base font-semibold">Variants</h2>
          <span className="text-sm text-zinc-500">
            {product.variants.length} SKU{product.variants.length === 1 ? '' : 's'}
          </span>
        </div>
        <VariantsTable
          variants={product.variants.map((v) => ({ ...v, thumb: thumbOf(v.colour) }))}
          currency={product.currency}
          basePrice={product.basePrice}
          canWrite={canWrite}
        />
        {canWrite && (
          <VariantMatrix
            productId={product.id}
            productCode={product.slug}
            existing={product.variants.map((v) => ({ sku: v.sku, size: v.size, colour: v.colour }))}
            thumbs={colourThumbMap}
          />
        )}
      </Card>
    </>
  );
}
