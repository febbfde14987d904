import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { Card, PageHeader } from '@/components/ui/page-header';
import { getLogReadDb } from '@/db/client';
import { shopRecentReviews, shopReviewSummary } from '@/db/queries/oplog';
import { formatDateTime, formatRelative } from '@/lib/format';
import { REVIEW_TYPES } from '@/lib/oplog/rules';
import { requirePermission } from '@/lib/server/page-guard';
import { decodeSegment } from '@/lib/validation';

export async function generateMetadata({ params }: { params: Promise<{ shopId: string }> }): Promise<Metadata> {
  // The shop id is the URL's own; there is no record to look up or to keep from other roles.
  const shopId = decodeSegment((await params).shopId);
  return { title: shopId === null ? 'Not found' : `Shop ${shopId}` };
}

const TYPE_HELP = {
  TYPE_A: 'booking-based (salons, clinics)',
  TYPE_B: 'receipt-based',
  TYPE_C: 'delivery / pickup',
} as const;

export default async function ShopPage({
  params,
  searchParams,
}: {
  params: Promise<{ shopId: string }>;
  searchParams: Promise<{ type?: string }>;
}) {
  await requirePermission('support.read', '/support');
  const shopId = decodeSegment((await params).shopId);
  if (shopId === null) notFound();
  const typeParam = (await searchParams).type;
  const type = REVIEW_TYPES.find((t) => t === typeParam);
  const db = await getLogReadDb();
  const [summary, recent] = await Promise.all([shopReviewSummary(db, shopId), shopRecentReviews(db, shopId, { type })]);
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/support" className="text-brand-600 hover:underline dark:text-brand-100">
          ← Failing users
        </Link>
      </p>
      <PageHeader title={`Shop ${shopId}`} description="Fetched reviews by type, and how replying to them went." />
      {summary.length === 0 ? (
        <EmptyState title="No reviews fetched for this shop">
          Reviews appear once GET_REVIEWS operations for the shop succeed.
        </EmptyState>
      ) : (
        <>
          <div className="mb-6 grid gap-4 sm:grid-cols-3" data-testid="review-summary">
            {summary.map((s) => (
              <Card key={s.reviewType} className="p-4">
                <Link href={`?type=${s.reviewType}`} className="text-sm font-medium hover:underline">
                  {s.reviewType}{' '}
                  <span className="font-normal text-zinc-500">
                    · {TYPE_HELP[s.reviewType as keyof typeof TYPE_HELP]}
                  </span>
                </Link>
                <p className="mt-1 text-2xl font-semibold tabular-nums">{s.total.toLocaleString('en')}</p>
                <p className="mt-1 text-xs text-zinc-500">
                  {s.replyAttempted} replies tried ·{' '}
                  <span className="text-emerald-700 dark:text-emerald-400">{s.replySucceeded} ok</span> ·{' '}
                  <span className="text-red-700 dark:text-red-400">{s.replyFailed} failed</span>
                </p>
              </Card>
            ))}
          </div>
          <Card className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="border-b border-zinc-200 bg-zinc-50 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800 dark:bg-zinc-900/60">
                <tr>
                  <th className="px-4 py-2.5 font-medium">Review</th>
                  <th className="px-4 py-2.5 font-medium">Type</th>
                  <th className="px-4 py-2.5 font-medium">Source</th>
                  <th className="px-4 py-2.5 font-medium">Reply</th>
                  <th className="px-4 py-2.5 font-medium">Fetched</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
                {recent.map((r) => (
                  <tr key={r.reviewId}>
                    <td className="px-4 py-2 font-mono text-xs">{r.reviewId}</td>
                    <td className="px-4 py-2">{r.reviewType}</td>
                    <td className="px-4 py-2">{r.source ?? '—'}</td>
                    <td className="px-4 py-2">
                      {!r.replyAttempted ? (
                        <span className="text-zinc-500">not tried</span>
                      ) : r.replySuccess ? (
                        <Badge tone="green">replied</Badge>
                      ) : (
                        <Badge tone="red">{r.replyErrorType ?? 'failed'}</Badge>
                      )}
                    </td>
                    <td className="px-4 py-2 text-zinc-500" title={formatDateTime(r.fetchedAt)}>
                      {formatRelative(r.fetchedAt)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
        </>
      )}
    </>
  );
}
