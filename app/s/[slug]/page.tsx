import crypto from 'node:crypto';
import type { Metadata } from 'next';
import { BrandMark } from '@/components/ui/brand-mark';
import { getDb } from '@/db/client';
import { getCustomerByToken } from '@/db/queries/customers';
import { getPublicSurvey } from '@/db/queries/surveys';
import { SurveyForm } from './survey-form';

export const metadata: Metadata = { title: 'Survey', robots: { index: false } };

/** The public survey page: no staff login (DOMAIN §3). Unknown and closed surveys get a clear page, not an error. */
export default async function PublicSurveyPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug } = await params;
  const sp = await searchParams;
  const db = await getDb();
  const survey = /^[a-z0-9-]{1,80}$/.test(slug) ? await getPublicSurvey(db, slug) : null;
  if (!survey || survey.status === 'draft') {
    return (
      <Shell title="Survey not found">
        <p data-testid="survey-missing">This link does not lead to a survey. Check the address, or ask whoever sent it for a new link.</p>
      </Shell>
    );
  }
  if (survey.status === 'closed') {
    return (
      <Shell title={survey.definition.title}>
        <p data-testid="survey-closed" className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-200">
          This survey is closed and no longer takes answers. Thank you for your interest.
        </p>
      </Shell>
    );
  }
  const t = typeof sp.t === 'string' && /^[A-Za-z0-9_-]{10,64}$/.test(sp.t) ? sp.t : undefined;
  const known = t ? await getCustomerByToken(db, t) : null;
  return (
    <Shell title={survey.definition.title} intro={survey.definition.intro}>
      <SurveyForm
        slug={slug}
        versionId={survey.versionId}
        definition={survey.definition}
        // A fresh token per page load: a double submit of this form stores one response.
        idempotencyToken={crypto.randomBytes(18).toString('base64url')}
        customerToken={known ? t : undefined}
        knownEmail={known ? known.email : undefined}
      />
    </Shell>
  );
}

function Shell({ title, intro, children }: { title: string; intro?: string; children: React.ReactNode }) {
  return (
    <main className="mx-auto w-full max-w-2xl px-4 py-6 sm:py-10">
      <p className="mb-4 flex items-center gap-2 text-sm font-semibold tracking-tight text-zinc-600 dark:text-zinc-400">
        <BrandMark size={28} />
        Bobbin
      </p>
      <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
      {intro && <p className="mt-2 whitespace-pre-line text-zinc-700 dark:text-zinc-300">{intro}</p>}
      <div className="mt-6">{children}</div>
    </main>
  );
}
