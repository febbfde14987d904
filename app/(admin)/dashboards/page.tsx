import type { Metadata } from 'next';
import { requirePermission } from '@/lib/server/page-guard';
import { DashboardPage } from './dashboard-page';

export const metadata: Metadata = { title: 'Dashboards' };

export default async function Page({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePermission('dashboards.read', '/dashboards');
  return <DashboardPage view="overview" searchParams={await searchParams} />;
}
