import type { Metadata } from 'next';
import { requireRole, rolesOf } from '@/lib/server/page-guard';
import { DashboardPage } from './dashboard-page';

export const metadata: Metadata = { title: 'Dashboards' };

export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRole(rolesOf('/dashboards'), '/dashboards');
  return <DashboardPage view="overview" searchParams={await searchParams} />;
}
