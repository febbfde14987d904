import type { Metadata } from 'next';
import Link from 'next/link';
import { Card, PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { categoryOptions } from '@/db/queries/catalog-categories';
import { supplierOptions } from '@/db/queries/catalog-suppliers';
import { requirePermission } from '@/lib/server/page-guard';
import { ProductForm } from '../product-form';

export const metadata: Metadata = { title: 'New product' };

export default async function NewProductPage() {
  await requirePermission('catalog.write', '/catalog/products/new');
  const db = await getDb();
  const [categories, suppliers] = await Promise.all([categoryOptions(db), supplierOptions(db)]);
  return (
    <>
      <PageHeader
        title="New product"
        description="Name, category and price first; variants (sizes and colours) come next, on the product's page."
      />
      {categories.length === 0 ? (
        <Card className="p-6 text-sm">
          Create a category first:{' '}
          <Link className="text-brand-700 underline" href="/catalog/categories">
            Categories
          </Link>
          .
        </Card>
      ) : (
        <Card className="p-5">
          <ProductForm categories={categories} suppliers={suppliers} />
        </Card>
      )}
    </>
  );
}
