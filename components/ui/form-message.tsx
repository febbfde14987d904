/**
 * The outcome line of a form: green on success, red with the server's message on failure; an unexpected failure
 * shows its request id, which support finds in the server's logs.
 */
export function FormMessage({
  result,
  testId,
}: {
  result: { ok: boolean; message?: string; requestId?: string } | null | undefined;
  testId?: string;
}) {
  if (!result?.message) return null;
  return (
    <p
      role="status"
      data-testid={testId}
      className={`rounded-md px-3 py-2 text-sm ${
        result.ok
          ? 'bg-emerald-50 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300'
          : 'bg-red-50 text-red-800 dark:bg-red-950 dark:text-red-300'
      }`}
    >
      {result.message}
      {!result.ok && result.requestId ? (
        <span className="block text-xs opacity-80">Reference: {result.requestId}</span>
      ) : null}
    </p>
  );
}
