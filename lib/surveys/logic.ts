import type { Question } from './questions';

/** One stored answer: an option id or size code, several option ids, a rating, or text. */
export type AnswerValue = string | string[] | number;
export type Answers = Record<string, AnswerValue>;

/** Option ids chosen in an answer (a single value or a list); numbers and text choose nothing. */
export function chosenIds(value: AnswerValue | undefined): string[] {
  if (value === undefined || typeof value === 'number') return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * Whether `question` is shown given the answers so far: with a condition, only when the earlier question
 * is itself shown and was answered with one of the listed options. A hidden question is neither required
 * nor stored, so a chain of conditions hides everything below a hidden link.
 */
export function isVisible(question: Question, answers: Answers, questions: readonly Question[], depth = 0): boolean {
  if (!question.showIf) return true;
  if (depth > questions.length) return false; // a cycle cannot pass the definition schema; belt and braces
  const target = questions.find((q) => q.id === question.showIf!.questionId);
  if (!target || !isVisible(target, answers, questions, depth + 1)) return false;
  const chosen = chosenIds(answers[target.id]);
  return question.showIf.optionIds.some((o) => chosen.includes(o));
}

/** The ids of the questions shown for these answers, in order. */
export function visibleQuestionIds(questions: readonly Question[], answers: Answers): string[] {
  return questions.filter((q) => isVisible(q, answers, questions)).map((q) => q.id);
}
