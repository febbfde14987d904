import { csvLines, type CsvValue } from '../csv';
import { answerText } from './answers';
import type { Answers } from './logic';
import type { SurveyDefinition } from './questions';

type Row = {
  id: string;
  submittedAt: Date;
  email: string | null;
  versionNumber: number;
  completed: boolean;
  answers: Answers;
};

/**
 * Responses as CSV: one row per response, one column per question of the current version (answers shown as
 * labels); questions only older versions asked get their own columns at the end, labelled from those versions.
 */
export function responseCsvShape(definitions: Map<number, SurveyDefinition>): {
  fields: string[];
  row: (r: Row) => CsvValue[];
} {
  const columns: { id: string; label: string }[] = [];
  for (const def of [...definitions.entries()].sort((a, b) => b[0] - a[0]).map(([, d]) => d)) {
    for (const q of def.questions) if (!columns.some((c) => c.id === q.id)) columns.push({ id: q.id, label: q.label });
  }
  return {
    fields: ['response_id', 'submitted_at', 'email', 'version', 'completed', ...columns.map((c) => c.label)],
    row: (r) => {
      const def = definitions.get(r.versionNumber);
      return [
        r.id,
        r.submittedAt,
        r.email ?? '',
        r.versionNumber,
        r.completed ? 'yes' : 'no',
        ...columns.map((c) => {
          const q = def?.questions.find((x) => x.id === c.id);
          return q ? answerText(q, r.answers[c.id]) : '';
        }),
      ];
    },
  };
}

/** The whole CSV of some responses at once (the export route streams the same shape batch by batch). */
export function responsesCsv(rows: readonly Row[], definitions: Map<number, SurveyDefinition>): string {
  const shape = responseCsvShape(definitions);
  return csvLines(shape.fields, rows.map(shape.row));
}
