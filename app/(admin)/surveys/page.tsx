import type { Metadata } from 'next';
import Link from 'next/link';
import { EmptyState } from '@/components/ui/empty-state';
import { Card, PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { listSurveys } from '@/db/queries/surveys';
import { formatDateTime } from '@/lib/format';
import { requirePermission } from '@/lib/server/page-guard';
import { CreateSurveyForm } from './create-survey-form';
import { SurveyStatusBadge } from './status-badge';

export const metadata: Metadata = { title: 'Surveys' };

export default async function SurveysPage() {
  await requirePermission('surveys.manage', '/surveys');
  const surveys = await listSurveys(await getDb());
  return (
    <>
      <PageHeader
        title="Surveys"
        description="Preference surveys customers answer at a public link; their answers build the customer profiles and the size demand view."
      />
      <Card className="mb-6 p-4">
        <CreateSurveyForm />
      </Card>
      {surveys.length === 0 ? (
        <EmptyState title="No surveys yet">
          Create one above: it starts as a draft with a size question you can change.
        </EmptyState>
      ) : (
        <Card className="overflow-x-auto">
          <table className="w-full text-sm" data-testid="survey-table">
            <thead className="bg-zinc-50 text-left text-xs uppercase tracking-wide text-zinc-500 dark:bg-zinc-800/50 dark:text-zinc-400">
              <tr>
                <th className="px-4 py-2">Title</th>
                <th className="px-4 py-2">Status</th>
                <th className="px-4 py-2 text-right">Version</th>
                <th className="px-4 py-2 text-right">Responses</th>
                <th className="px-4 py-2">Public link</th>
                <th className="px-4 py-2">Changed</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {surveys.map((s) => (
                <tr key={s.id}>
                  <td className="px-4 py-2">
                    <Link
                      href={`/surveys/${s.id}`}
                      className="font-medium text-brand-700 hover:underline dark:text-brand-100"
                    >
                      {s.title}
                    </Link>
                  </td>
                  <td className="px-4 py-2">
                    <SurveyStatusBadge status={s.status} />
                  </td>
                  <td className="px-4 py-2 text-right tabular-nums">{s.versionNumber ?? '—'}</td>
                  <td className="px-4 py-2 text-right tabular-nums">
                    <Link href={`/surveys/${s.id}/responses`} className="hover:underline">
                      {s.responses}
                    </Link>
                  </td>
                  <td className="px-4 py-2 font-mono text-xs">{s.status === 'draft' ? '—' : `/s/${s.slug}`}</td>
                  <td className="px-4 py-2 text-zinc-500">{formatDateTime(s.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
    </>
  );
}
