import { fieldName } from '@/lib/surveys/answers';
import type { Question, SurveyDefinition } from '@/lib/surveys/questions';
import { sizeOptionsOf, type SizeChart } from '@/lib/surveys/size-chart';
import { inputClass } from '@/components/ui/field';

/**
 * One question as plain form controls, shared by the public form and the builder's live preview. No hooks:
 * it renders the same with or without client JavaScript. Choices are real radios/checkboxes inside a
 * fieldset with a legend, so keyboard and screen readers get native behaviour.
 */
export function QuestionField({
  question: q,
  number,
  defaults = [],
  error,
  definition,
  idPrefix = 'q',
  chart,
}: {
  question: Question;
  number: number;
  defaults?: string[];
  error?: string[];
  definition: SurveyDefinition;
  idPrefix?: string;
  chart?: SizeChart;
}) {
  const id = `${idPrefix}-${q.id}`;
  const errorId = `${id}-error`;
  const helpId = `${id}-help`;
  const describedBy = [q.help ? helpId : '', error?.length ? errorId : ''].filter(Boolean).join(' ') || undefined;
  const name = fieldName(q.id);
  const condition = q.showIf ? definition.questions.find((x) => x.id === q.showIf!.questionId) : undefined;
  const label = (
    <>
      <span className="mr-1 text-zinc-500">{number}.</span>
      {q.label}
      {q.required ? (
        <span className="ml-1 text-red-600 dark:text-red-400" aria-hidden>
          *
        </span>
      ) : (
        <span className="ml-1 text-xs font-normal text-zinc-500">(optional)</span>
      )}
      {q.required && <span className="sr-only"> (required)</span>}
    </>
  );
  const meta = (
    <>
      {condition && (
        <p className="mt-0.5 text-xs text-zinc-500" data-testid={`condition-${q.id}`}>
          Only if you chose{' '}
          {q
            .showIf!.optionIds.map(
              (o) => `“${'options' in condition ? (condition.options.find((x) => x.id === o)?.label ?? o) : o}”`,
            )
            .join(' or ')}{' '}
          above.
        </p>
      )}
      {q.help && (
        <p id={helpId} className="mt-0.5 text-sm text-zinc-600 dark:text-zinc-400">
          {q.help}
        </p>
      )}
    </>
  );
  const errorLine = error?.length ? (
    <p id={errorId} className="mt-2 text-sm font-medium text-red-700 dark:text-red-400" data-testid={`error-${q.id}`}>
      {error.join(' ')}
    </p>
  ) : null;
  const frame = `rounded-lg border p-4 ${error?.length ? 'border-red-500 bg-red-50/50 dark:bg-red-950/20' : 'border-zinc-200 dark:border-zinc-800'}`;

  if (q.type === 'short_text' || q.type === 'long_text') {
    const common = {
      id,
      name,
      defaultValue: defaults[0] ?? '',
      'aria-invalid': error?.length ? true : undefined,
      'aria-describedby': describedBy,
      'aria-required': q.required || undefined,
      className: `${inputClass} mt-2 text-base`,
    };
    return (
      <div className={frame} data-question={q.id}>
        <label htmlFor={id} className="block font-medium">
          {label}
        </label>
        {meta}
        {q.type === 'short_text' ? (
          <input type="text" maxLength={200} autoComplete="off" {...common} />
        ) : (
          <textarea rows={4} maxLength={2000} {...common} />
        )}
        {errorLine}
      </div>
    );
  }

  const choices: { value: string; label: string; imageUrl?: string }[] =
    q.type === 'size'
      ? sizeOptionsOf(q, chart).map((s) => ({ value: s.code, label: s.label }))
      : q.type === 'rating'
        ? range(q.min, q.max).map((n) => ({ value: String(n), label: String(n) }))
        : q.options.map((o) => ({ value: o.id, label: o.label, imageUrl: o.imageUrl }));
  const multiple = q.type === 'multi' || q.type === 'style';
  const compact = q.type === 'size' || q.type === 'rating';
  return (
    <fieldset
      id={id}
      tabIndex={-1}
      className={frame}
      aria-invalid={error?.length ? true : undefined}
      aria-describedby={describedBy}
      data-question={q.id}
    >
      <legend className="float-left w-full font-medium">{label}</legend>
      <div className="clear-both">{meta}</div>
      {q.type === 'rating' && (q.minLabel || q.maxLabel) && (
        <p className="mt-2 flex justify-between text-xs text-zinc-500" aria-hidden>
          <span>{q.minLabel}</span>
          <span>{q.maxLabel}</span>
        </p>
      )}
      <div
        className={`mt-2 ${compact ? 'flex flex-wrap gap-2' : q.type === 'style' ? 'grid grid-cols-2 gap-2 sm:grid-cols-3' : 'grid gap-2'}`}
      >
        {choices.map((c) => (
          <label
            key={c.value}
            className={`flex cursor-pointer items-center gap-2 rounded-md border border-zinc-300 px-3 py-2 text-base has-checked:border-brand-600 has-checked:bg-brand-50 has-focus-visible:ring-2 has-focus-visible:ring-brand-500 dark:border-zinc-700 dark:has-checked:bg-brand-600/20 ${compact ? 'min-w-12 justify-center' : ''} ${c.imageUrl ? 'flex-col items-start' : ''}`}
          >
            {c.imageUrl && (
              <img src={c.imageUrl} alt="" className="aspect-square w-full rounded object-cover" loading="lazy" />
            )}
            <span className="flex items-center gap-2">
              <input
                type={multiple ? 'checkbox' : 'radio'}
                name={name}
                value={c.value}
                defaultChecked={defaults.includes(c.value)}
                className={compact ? 'sr-only' : 'size-4 accent-brand-600'}
              />
              {c.label}
              {q.type === 'rating' && c.value === String(q.min) && q.minLabel ? (
                <span className="sr-only"> ({q.minLabel})</span>
              ) : null}
              {q.type === 'rating' && c.value === String(q.max) && q.maxLabel ? (
                <span className="sr-only"> ({q.maxLabel})</span>
              ) : null}
            </span>
          </label>
        ))}
      </div>
      {errorLine}
    </fieldset>
  );
}

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}
