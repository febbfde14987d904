import Link from 'next/link';
import { CategoryBarChart } from '@/components/charts/category-bar-chart';
import { Card } from '@/components/ui/page-header';
import type { Question } from '@/lib/surveys/questions';
import { GARMENT_LABELS, sizeOptionsOf } from '@/lib/surveys/size-chart';

/** The categories of a chartable question in display order, or null for text questions. */
export function answerChoices(q: Question): { value: string; label: string }[] {
  return categories(q) ?? [];
}

function categories(q: Question): { value: string; label: string }[] | null {
  if ('options' in q) return q.options.map((o) => ({ value: o.id, label: o.label }));
  if (q.type === 'size') return sizeOptionsOf(q).map((s) => ({ value: s.code, label: s.label }));
  if (q.type === 'rating')
    return Array.from({ length: q.max - q.min + 1 }, (_, i) => String(q.min + i)).map((v) => ({ value: v, label: v }));
  return null;
}

export const chartable = (q: Question) => categories(q) !== null;

/** One chart per choice, size and rating question: bars per answer, with the numbers written out beside. */
export function QuestionCharts({
  questions,
  counts,
  total,
  filterHref,
}: {
  questions: Question[];
  counts: Record<string, Record<string, number>>;
  total: number;
  filterHref: (question: string, answer: string) => string;
}) {
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      {questions.map((q) => {
        const cats = categories(q);
        if (!cats) return null;
        const c = counts[q.id] ?? {};
        const data = cats.map((x) => ({ label: x.label, value: c[x.value] ?? 0, key: x.value }));
        const answered = q.type === 'multi' || q.type === 'style' ? null : data.reduce((n, d) => n + d.value, 0);
        // Percent of those who answered (a follow-up is only asked of some); several-answer questions: of all responses.
        const base = answered ?? total;
        const mean =
          q.type === 'rating' && answered
            ? cats.reduce((n, x) => n + Number(x.value) * (c[x.value] ?? 0), 0) / answered
            : null;
        return (
          <Card key={q.id} className="p-4">
            <h3 className="font-medium">
              {q.type === 'size' ? `Size distribution · ${GARMENT_LABELS[q.garment]}` : q.label}
            </h3>
            <p className="mb-2 text-xs text-zinc-500">
              {q.type === 'size'
                ? q.label
                : q.type === 'rating'
                  ? `Rating ${q.min}–${q.max}${mean !== null ? ` · average ${mean.toFixed(1)}` : ''}`
                  : q.type === 'multi' || q.type === 'style'
                    ? 'Several answers allowed'
                    : 'One answer'}
            </p>
            <CategoryBarChart
              data={data}
              color={q.type === 'size' ? '#10b981' : q.type === 'rating' ? '#f59e0b' : '#4f6bed'}
            />
            <ul
              className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400"
              data-testid={`chart-${q.id}`}
            >
              {data.map((d) => (
                <li key={d.key}>
                  <Link href={filterHref(q.id, d.key)} className="hover:underline" title="Show only these responses">
                    {d.label}:{' '}
                    <span className="font-medium tabular-nums text-zinc-900 dark:text-zinc-100">{d.value}</span>
                    {base > 0 && <span> ({Math.round((d.value / base) * 100)}%)</span>}
                  </Link>
                </li>
              ))}
            </ul>
          </Card>
        );
      })}
    </div>
  );
}
