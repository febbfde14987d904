import type { FieldErrors } from '../errors';
import { LONG_TEXT_MAX, SHORT_TEXT_MAX, type Question, type SurveyDefinition } from './questions';
import { isVisible, type Answers, type AnswerValue } from './logic';
import { sizeOptionsOf } from './size-chart';

/** The form field name of a question's answer. */
export const fieldName = (questionId: string) => `q_${questionId}`;

export type ValidationResult =
  | { ok: true; answers: Answers; completed: boolean }
  | { ok: false; errors: FieldErrors; answers: Answers };

function strings(raw: unknown): string[] {
  if (raw === undefined || raw === null) return [];
  const list = Array.isArray(raw) ? raw : [raw];
  return list
    .filter((v): v is string => typeof v === 'string')
    .map((v) => v.trim())
    .filter(Boolean);
}

/** Reads one question's raw form value into an answer, or an error message. Undefined: not answered. */
function readAnswer(q: Question, raw: unknown): { value?: AnswerValue; error?: string } {
  const values = strings(raw);
  if (values.length === 0) return {};
  switch (q.type) {
    case 'single':
    case 'size': {
      if (values.length > 1) return { error: 'Choose one answer.' };
      const allowed = q.type === 'size' ? sizeOptionsOf(q).map((s) => s.code) : q.options.map((o) => o.id);
      return allowed.includes(values[0]!) ? { value: values[0]! } : { error: 'Choose one of the listed answers.' };
    }
    case 'multi':
    case 'style': {
      const unique = [...new Set(values)];
      if (unique.some((v) => !q.options.some((o) => o.id === v))) return { error: 'Choose from the listed answers.' };
      return { value: q.options.map((o) => o.id).filter((id) => unique.includes(id)) }; // the survey's order
    }
    case 'rating': {
      if (values.length > 1 || !/^\d{1,2}$/.test(values[0]!))
        return { error: `Choose a number from ${q.min} to ${q.max}.` };
      const n = Number(values[0]);
      return n >= q.min && n <= q.max ? { value: n } : { error: `Choose a number from ${q.min} to ${q.max}.` };
    }
    case 'short_text':
    case 'long_text': {
      const max = q.type === 'short_text' ? SHORT_TEXT_MAX : LONG_TEXT_MAX;
      const text = values.join('\n');
      return text.length > max
        ? { error: `Use at most ${max} characters (this has ${text.length}).` }
        : { value: text };
    }
  }
}

/**
 * Validates raw form values (keyed `q_<id>`) against a survey version: types, option ids, ranges, lengths,
 * and required questions among the visible ones. Answers to hidden questions are dropped, not stored.
 * `completed`: every visible question has an answer (optional ones included).
 */
export function validateAnswers(def: SurveyDefinition, raw: Record<string, unknown>): ValidationResult {
  const parsed: Answers = {};
  const errors: FieldErrors = {};
  for (const q of def.questions) {
    const { value, error } = readAnswer(q, raw[fieldName(q.id)]);
    if (error) errors[q.id] = [error];
    else if (value !== undefined) parsed[q.id] = value;
  }
  const answers: Answers = {};
  let completed = true;
  for (const q of def.questions) {
    if (!isVisible(q, parsed, def.questions)) {
      delete errors[q.id];
      continue;
    }
    const value = parsed[q.id];
    const empty = value === undefined || (Array.isArray(value) && value.length === 0);
    if (empty) {
      completed = false;
      if (q.required && !errors[q.id])
        errors[q.id] = [
          q.type === 'short_text' || q.type === 'long_text'
            ? 'Please answer this question.'
            : 'Please choose an answer.',
        ];
    } else answers[q.id] = value;
  }
  return Object.keys(errors).length ? { ok: false, errors, answers: parsed } : { ok: true, answers, completed };
}

/** A readable form of an answer for tables and CSV: option labels, not ids. */
export function answerText(q: Question, value: AnswerValue | undefined): string {
  if (value === undefined) return '';
  if ('options' in q) {
    const label = (id: string) => q.options.find((o) => o.id === id)?.label ?? id;
    return Array.isArray(value) ? value.map(label).join('; ') : label(String(value));
  }
  return Array.isArray(value) ? value.join('; ') : String(value);
}
