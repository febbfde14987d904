import Papa from 'papaparse';

/**
 * The one CSV writer for every export: formula-safe cells and a streamed response.
 *
 * A spreadsheet runs a cell as a formula when it starts with = + - @ (after any spaces: " =1+1" runs too),
 * a tab or a carriage return. Such a text cell gets a leading `'` (OWASP's advice, as papaparse's
 * `escapeFormulae`, plus the leading-space case it misses). Numbers are data and pass unchanged ("-2" stays).
 */
const FORMULA = /^[\s']*[=+\-@]|^[\t\r]/;

export type CsvValue = string | number | boolean | Date | null | undefined;

export function formulaSafe(value: string): string {
  return FORMULA.test(value) ? `'${value}` : value;
}

/** One cell's text: dates as ISO, empty for null, text formula-safe. */
export function csvCell(value: CsvValue): string | number | boolean {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return formulaSafe(value);
  return value;
}

/** CSV lines (CRLF, RFC 4180) for rows; `header` true writes the header line first. */
export function csvLines(fields: readonly string[], rows: readonly (readonly CsvValue[])[], header = true): string {
  if (!rows.length) return header ? `${Papa.unparse([fields.map(csvCell)], { newline: '\r\n' })}\r\n` : '';
  const text = Papa.unparse(
    { fields: fields.map((f) => String(csvCell(f))), data: rows.map((r) => r.map(csvCell)) },
    { newline: '\r\n', header },
  );
  return `${text}\r\n`;
}

/**
 * A streamed CSV response: `batches` yields rows page by page (keyset reads of the list's own query), each
 * written as it arrives, so a large list never sits in memory and the first bytes go out at once.
 */
export function csvResponse(
  filename: string,
  fields: readonly string[],
  batches: AsyncIterable<readonly (readonly CsvValue[])[]>,
) {
  const encoder = new TextEncoder();
  const iterator = batches[Symbol.asyncIterator]();
  let headerSent = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(csvLines(fields, [])));
        return;
      }
      const { value, done } = await iterator.next();
      if (done) controller.close();
      else if (value.length) controller.enqueue(encoder.encode(csvLines(fields, value, false)));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
  return new Response(stream, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      'cache-control': 'no-store',
    },
  });
}
