/**
 * PostgreSQL "data exception" codes that mean the input could not be read as the type the query needs
 * (all three drivers report `code`; drizzle wraps the driver error as `cause`). They are the caller's
 * mistake, so routes and actions answer 400 / a field-less "invalid" instead of a 500, and never the SQL.
 */
const BAD_INPUT_CODES = new Set([
  '22P05', // untranslatable character (NUL in text)
  '22021', // invalid byte sequence for encoding
  '22007', // invalid datetime format
  '22008', // datetime field overflow (2026-02-30, year 300000)
  '22P02', // invalid text representation (not a uuid / number)
  '22003', // numeric value out of range
  '22001', // string too long for the column
  '2201B', // invalid regular expression
  '22025', // invalid escape sequence (LIKE)
  '22019', // invalid escape character
  '22023', // invalid parameter value
]);

export function isBadInputDbError(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && BAD_INPUT_CODES.has(code)) return true;
  }
  return false;
}

export const BAD_INPUT_MESSAGE =
  'Some values in the request could not be read. Check dates, numbers and ids, and remove control characters.';
