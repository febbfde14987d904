/**
 * The body of Bobbin's 404, 403 and error pages: a drawn thread (loose for "not here", snapped for "went
 * wrong"), what happened, what to do, the support reference when there is one, and the ways back. No hooks, so
 * server pages and client error boundaries both use it; `fullScreen` centres it on pages without the shell.
 */
export function StatusPage({
  code,
  title,
  children,
  reference,
  actions,
  thread = 'loose',
  fullScreen = false,
}: {
  code: string;
  title: string;
  children: React.ReactNode;
  reference?: { label: string; value: string };
  actions: React.ReactNode;
  thread?: 'loose' | 'snapped';
  fullScreen?: boolean;
}) {
  const body = (
    <section
      aria-labelledby="status-title"
      className="mx-auto flex w-full max-w-lg flex-col items-center px-4 py-12 text-center sm:py-16"
      data-testid="status-page"
    >
      <Thread kind={thread} />
      <p className="mt-6 text-sm font-semibold tracking-wide text-brand-600 dark:text-brand-100">{code}</p>
      <h1 id="status-title" className="mt-2 text-2xl font-semibold tracking-tight text-balance">
        {title}
      </h1>
      <div className="mt-3 text-sm text-pretty text-zinc-600 dark:text-zinc-400">{children}</div>
      {reference && (
        <p
          className="mt-5 rounded-md border border-zinc-200 bg-white px-3 py-2 text-sm dark:border-zinc-800 dark:bg-zinc-900"
          data-testid="error-reference"
        >
          <span className="text-zinc-500 dark:text-zinc-400">{reference.label}: </span>
          <code className="font-mono font-medium break-all select-all">{reference.value}</code>
        </p>
      )}
      <div className="mt-6 flex flex-wrap justify-center gap-3">{actions}</div>
    </section>
  );
  return fullScreen ? <main className="grid min-h-screen place-items-center">{body}</main> : body;
}

/** A thread drawn across the page: one loose, wandering line, or one snapped in two with frayed ends. */
function Thread({ kind }: { kind: 'loose' | 'snapped' }) {
  const stroke = 'stroke-brand-500 dark:stroke-brand-100';
  return (
    <svg viewBox="0 0 200 60" className="h-14 w-48 fill-none" aria-hidden>
      {kind === 'loose' ? (
        <path
          className={stroke}
          strokeWidth="3"
          strokeLinecap="round"
          d="M6 44C36 44 40 16 68 16s30 34 54 34c16 0 20-16 10-22s-22 6-10 16 40 6 62-10"
        />
      ) : (
        <>
          <path className={stroke} strokeWidth="3" strokeLinecap="round" d="M6 40C30 40 44 18 66 18s24 18 28 22" />
          <path className={stroke} strokeWidth="1.5" strokeLinecap="round" d="M94 40l7 1M94 40l6 4M94 40l4-4" />
          <path className={stroke} strokeWidth="3" strokeLinecap="round" d="M116 26c6-6 18-10 30-4s22 20 48 16" />
          <path className={stroke} strokeWidth="1.5" strokeLinecap="round" d="M116 26l-7-1M116 26l-6-4M116 26l-4 4" />
        </>
      )}
    </svg>
  );
}

/**
 * What a user quotes to support about an error: Next's digest, the hash it prints next to the error in the
 * server log (`⨯ Error: … { digest: '…' }`). Bobbin has no request ids, so this is the reference. Errors thrown
 * in the browser have none.
 */
export function errorReference(error: unknown): { label: string; value: string } | undefined {
  const digest =
    typeof error === 'object' && error !== null && 'digest' in error
      ? (error as { digest?: unknown }).digest
      : undefined;
  return typeof digest === 'string' && digest ? { label: 'Reference for support', value: digest } : undefined;
}
