// No imports: the import page (a client component) reads row errors back with this, without papaparse.

/** One problem in a file: `row` is the line number as a spreadsheet shows it (the header is row 1). */
export type CsvError = { row: number; column: string; message: string };

/**
 * Row errors in the one field-error shape of the HTTP contract (lib/errors.ts): `rows.<row>.<column>`, or
 * `rows.<row>` for the row as a whole; `csvErrorsOf` reads them back (columns may contain dots: `attr.fabric`).
 */
export function csvFieldErrors(errors: readonly CsvError[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of errors) (out[e.column ? `rows.${e.row}.${e.column}` : `rows.${e.row}`] ??= []).push(e.message);
  return out;
}

export function csvErrorsOf(fieldErrors: Record<string, string[]> | undefined): CsvError[] {
  return Object.entries(fieldErrors ?? {}).flatMap(([key, messages]) => {
    const m = /^rows\.(\d+)(?:\.(.*))?$/.exec(key);
    return m ? messages.map((message) => ({ row: Number(m[1]), column: m[2] ?? '', message })) : [];
  });
}
