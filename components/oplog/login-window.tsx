import { formatDateTime } from '@/lib/format';
import { consecutiveFailures, type WindowEntry } from '@/lib/oplog/rules';

/** The last-10 login window as coloured marks, newest on the left, with times on hover (and in text for readers). */
export function LoginWindow({
  window,
  size = 'sm',
  showCallout = false,
}: {
  window: WindowEntry[];
  size?: 'sm' | 'lg';
  showCallout?: boolean;
}) {
  const streak = consecutiveFailures(window);
  const box = size === 'lg' ? 'size-7 text-[10px]' : 'size-3.5';
  if (window.length === 0) return <span className="text-xs text-zinc-500">no logins yet</span>;
  return (
    <div>
      <ol
        className="flex flex-wrap items-center gap-1"
        aria-label={`Last ${window.length} logins, newest first`}
        data-testid="login-window"
      >
        {window.map((e, i) => (
          <li
            key={`${e.createdAt}-${i}`}
            title={`${e.status} · ${formatDateTime(e.createdAt)}`}
            data-status={e.status}
            className={`grid ${box} place-items-center rounded-sm font-semibold text-white ${e.status === 'SUCCESS' ? 'bg-emerald-500' : 'bg-red-500'} ${i < streak ? 'ring-2 ring-red-300 dark:ring-red-800' : ''}`}
          >
            {size === 'lg' ? e.status === 'SUCCESS' ? '✓' : '✕' : <span className="sr-only">{e.status}</span>}
          </li>
        ))}
      </ol>
      {showCallout && streak >= 2 && (
        <p className="mt-2 text-sm font-medium text-red-700 dark:text-red-400" data-testid="failure-streak">
          {streak === window.length ? `All ${streak} recent logins failed` : `${streak} consecutive failed logins`} —
          the session likely needs a refresh or a new 2FA verification.
        </p>
      )}
    </div>
  );
}
