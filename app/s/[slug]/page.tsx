import crypto from 'node:crypto';
import type { Metadata } from 'next';
import { cache } from 'react';
import { PublicShell } from '@/components/surveys/public-shell';
import { getDb } from '@/db/client';
import { getCustomerByToken } from '@/db/queries/customers';
import { catalogImagesByIds } from '@/db/queries/catalog-image-picker';
import { getPublicSurvey } from '@/db/queries/surveys';
import { catalogImageIds, withCatalogImages } from '@/lib/surveys/questions';
import { BRAND } from '@/lib/brand';
import { SurveyForm } from './survey-form';
import { SurveyNotFound } from './survey-not-found';

/** One read per request for the page and its metadata. Drafts are unknown to the public. */
const loadSurvey = cache(async (slug: string) => {
  const db = await getDb();
  const survey = /^[a-z0-9-]{1,80}$/.test(slug) ? await getPublicSurvey(db, slug) : null;
  if (!survey || survey.status === 'draft') return null;
  // Options that picked a catalog image show its current URL (served publicly by app/media).
  const images = await catalogImagesByIds(db, catalogImageIds(survey.definition));
  return { ...survey, definition: withCatalogImages(survey.definition, images) };
});

/**
 * The survey's title, and whether search engines may index the page: only when the survey allows it (the
 * builder's "Search engines may list this survey", frozen into the published version) and it is open. Every
 * other page, and a survey by default, says noindex.
 */
export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const survey = await loadSurvey((await params).slug);
  if (!survey) return { title: 'Survey not found' };
  const { title, intro, searchable } = survey.definition;
  const indexable = searchable === true && survey.status === 'published';
  return {
    title,
    description: intro ? intro.slice(0, 160) : `A short survey from ${BRAND.name}.`,
    robots: { index: indexable, follow: false },
  };
}

/** The public survey page: no staff login (docs/domain.md §3). Unknown and closed surveys get a clear page, not an error. */
export default async function PublicSurveyPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug } = await params;
  const sp = await searchParams;
  const survey = await loadSurvey(slug);
  if (!survey) return <SurveyNotFound />;
  const db = await getDb();
  if (survey.status === 'closed') {
    return (
      <PublicShell title={survey.definition.title}>
        <p
          data-testid="survey-closed"
          className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-200"
        >
          This survey is closed and no longer takes answers. Thank you for your interest.
        </p>
      </PublicShell>
    );
  }
  const t = typeof sp.t === 'string' && /^[A-Za-z0-9_-]{10,64}$/.test(sp.t) ? sp.t : undefined;
  const known = t ? await getCustomerByToken(db, t) : null;
  return (
    <PublicShell title={survey.definition.title} intro={survey.definition.intro}>
      <SurveyForm
        slug={slug}
        versionId={survey.versionId}
        definition={survey.definition}
        // A fresh token per page load: a double submit of this form stores one response.
        idempotencyToken={crypto.randomBytes(18).toString('base64url')}
        customerToken={known ? t : undefined}
        knownEmail={known ? known.email : undefined}
      />
    </PublicShell>
  );
}
