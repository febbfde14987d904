import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { catalogImagesByIds } from '@/db/queries/catalog-image-picker';
import { getSurvey } from '@/db/queries/surveys';
import { catalogImageIds, withCatalogImages } from '@/lib/surveys/questions';
import { recordMetadata, requirePermission } from '@/lib/server/page-guard';
import { isUuid } from '@/lib/validation';
import { SurveyStatusBadge } from '../status-badge';
import { SurveyBuilder } from './survey-builder';
import { SurveyStatusActions } from './survey-status-actions';
import { SurveyTabs } from './survey-tabs';

/** One read per request for the page and its title. */
const loadSurvey = cache(async (id: string) => (isUuid(id) ? getSurvey(await getDb(), id) : null));

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  return recordMetadata('surveys.manage', 'Survey builder', async () => {
    const data = await loadSurvey(id);
    return data && `${data.survey.draft.title}`;
  });
}

export default async function SurveyBuilderPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePermission('surveys.manage', '/surveys');
  const { id } = await params;
  const data = await loadSurvey(id);
  if (!data) notFound();
  const { survey, current, unpublishedChanges } = data;
  // Catalog-image options show the image as it is now (none if it was deleted since it was picked).
  const images = await catalogImagesByIds(await getDb(), catalogImageIds(survey.draft));
  return (
    <>
      <PageHeader
        title={survey.draft.title}
        description={
          current
            ? `Version ${current.number} is ${survey.status === 'closed' ? 'closed' : 'live'}${unpublishedChanges ? '; the draft has changes not yet published' : ''}.`
            : 'Draft: not published yet.'
        }
        actions={
          <SurveyStatusActions
            id={survey.id}
            version={survey.version}
            status={survey.status}
            unpublishedChanges={unpublishedChanges}
          />
        }
      />
      <div className="mb-4 flex flex-wrap items-center gap-3 text-sm">
        <SurveyStatusBadge status={survey.status} />
        {survey.status !== 'draft' && (
          <span>
            Public link:{' '}
            <Link
              href={`/s/${survey.slug}`}
              className="font-mono text-brand-700 hover:underline dark:text-brand-100"
              data-testid="public-link"
              target="_blank"
            >
              /s/{survey.slug}
            </Link>
          </span>
        )}
      </div>
      <SurveyTabs id={survey.id} active="builder" responses={data.responses} />
      <SurveyBuilder
        surveyId={survey.id}
        version={survey.version}
        initial={withCatalogImages(survey.draft, images)}
        published={survey.status === 'published'}
        chart={data.chart}
      />
    </>
  );
}
