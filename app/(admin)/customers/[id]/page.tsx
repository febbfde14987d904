import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { Card, PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { getCustomerProfile } from '@/db/queries/customers';
import { listPublishedSurveys } from '@/db/queries/surveys';
import { formatDateTime } from '@/lib/format';
import { recordMetadata, requirePermission } from '@/lib/server/page-guard';
import { isUuid } from '@/lib/validation';
import { answerText } from '@/lib/surveys/answers';
import type { Provenance, Shown } from '@/lib/surveys/profile';
import { Badge } from '@/components/ui/badge';
import { GARMENT_LABELS, GARMENT_TYPES } from '@/lib/surveys/size-chart';

/** One read per request for the page and its title. */
const loadProfile = cache(async (id: string) => (isUuid(id) ? getCustomerProfile(await getDb(), id) : null));

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  return recordMetadata('customers.read', 'Customer profile', async () => {
    const data = await loadProfile(id);
    return data && (data.customer.email ?? data.customer.name ?? 'Customer');
  });
}

function Source({ s, verified }: { s: Provenance; verified: boolean }) {
  return (
    <span className="text-xs text-zinc-500">
      {verified ? <Badge tone="green">verified</Badge> : <Badge tone="amber">unverified</Badge>} from{' '}
      <Link href={`/surveys/${s.surveyId}/responses`} className="hover:underline">
        {s.surveyTitle}
      </Link>
      , {formatDateTime(s.at)}
    </span>
  );
}

export default async function CustomerPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePermission('customers.read', '/customers');
  const { id } = await params;
  const data = await loadProfile(id);
  if (!data) notFound();
  const db = await getDb();
  const open = await listPublishedSurveys(db);
  const { customer, shown: p, history } = data;
  const single: [string, Shown<string> | undefined][] = [
    ...GARMENT_TYPES.map((g) => [`${GARMENT_LABELS[g]} size`, p?.sizes[g]] as [string, Shown<string> | undefined]),
    ['Fit', p?.fit],
    ['Budget', p?.budget],
  ];
  return (
    <>
      <PageHeader
        title={customer.email ?? customer.name ?? 'Customer'}
        description={`${history.length} response${history.length === 1 ? '' : 's'}${history.length ? ` · first ${formatDateTime(history.at(-1)!.submittedAt)} · latest ${formatDateTime(history[0]!.submittedAt)}` : ''}`}
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card className="p-4">
          <h2 className="mb-1 font-medium">Current preferences</h2>
          <p className="mb-3 text-xs text-zinc-500">
            Verified: answered through this customer’s personal link. Unverified: answered with only this email typed
            in, which anyone could do; an unverified value is shown only where no verified one exists, and never
            replaces it.
          </p>
          <dl className="grid gap-3 text-sm" data-testid="preferences">
            {single.map(([k, v]) => (
              <div key={k} className="grid grid-cols-[8rem_1fr] gap-2">
                <dt className="text-zinc-500">{k}</dt>
                <dd data-testid={`pref-${k.toLowerCase().replace(/\s+/g, '-')}`}>
                  {v ? (
                    <>
                      <span className="font-medium">{v.value}</span> <Source s={v.source} verified={v.verified} />
                    </>
                  ) : (
                    <span className="text-zinc-500">—</span>
                  )}
                </dd>
              </div>
            ))}
            {(['styles', 'colours'] as const).map((k) => (
              <div key={k} className="grid grid-cols-[8rem_1fr] gap-2">
                <dt className="capitalize text-zinc-500">{k}</dt>
                <dd data-testid={`pref-${k}`}>
                  {p?.[k].length ? (
                    <ul className="grid gap-1">
                      {p[k].map((s) => (
                        <li key={s.value}>
                          <span className="font-medium">{s.value}</span> <Source s={s.source} verified={s.verified} />
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <span className="text-zinc-500">—</span>
                  )}
                </dd>
              </div>
            ))}
          </dl>
        </Card>
        <Card className="p-4">
          <h2 className="mb-3 font-medium">Answer history</h2>
          {history.length === 0 ? (
            <p className="text-sm text-zinc-500">No answers yet.</p>
          ) : (
            <ol className="grid gap-4" data-testid="answer-history">
              {history.map((h) => (
                <li key={h.id} className="border-l-2 border-zinc-200 pl-3 dark:border-zinc-700">
                  <p className="text-sm font-medium">
                    <Link href={`/surveys/${h.surveyId}/responses`} className="hover:underline">
                      {h.definition.title}
                    </Link>{' '}
                    <span className="font-normal text-zinc-500">
                      v{h.versionNumber} · {formatDateTime(h.submittedAt)} ·{' '}
                      {h.verified ? 'personal link' : 'typed email (unverified)'}
                    </span>
                  </p>
                  <dl className="mt-1 grid gap-1 text-sm">
                    {h.definition.questions
                      .filter((q) => h.answers[q.id] !== undefined)
                      .map((q) => (
                        <div key={q.id} className="grid grid-cols-[minmax(0,14rem)_1fr] gap-2">
                          <dt className="text-zinc-500">{q.label}</dt>
                          <dd>{answerText(q, h.answers[q.id])}</dd>
                        </div>
                      ))}
                  </dl>
                </li>
              ))}
            </ol>
          )}
        </Card>
        {open.length > 0 && (
          <Card className="p-4 lg:col-span-2">
            <h2 className="font-medium">Personal links</h2>
            <p className="mb-2 text-sm text-zinc-500">
              Answers through these links go to this profile without asking for an email. Share them only with this
              customer.
            </p>
            <ul className="grid gap-1 text-sm">
              {open.map((s) => (
                <li key={s.id}>
                  {s.title}:{' '}
                  <code
                    className="select-all break-all rounded bg-zinc-100 px-1 text-xs dark:bg-zinc-800"
                    data-testid="personal-link"
                  >{`/s/${s.slug}?t=${customer.token}`}</code>
                </li>
              ))}
            </ul>
          </Card>
        )}
      </div>
    </>
  );
}
