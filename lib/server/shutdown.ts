/**
 * Graceful shutdown: on SIGTERM / SIGINT, run the registered steps in order (flush the op-log buffer before
 * closing the pool it writes through), then exit. One registry, so the Next server and scripts behave alike.
 *
 * Under `next start`, Next handles the same signals: it stops accepting connections, lets in-flight requests
 * finish, then calls process.exit. Our steps must run after those requests (they may still log) and before
 * the exit, so when another handler owns the signal we defer its process.exit until the steps are done.
 */
type Step = { name: string; run: () => Promise<unknown> };
type State = { steps: Step[]; installed: boolean; running: Promise<void> | null };
const g = globalThis as unknown as { __bobbinShutdown?: State };
const state: State = (g.__bobbinShutdown ??= { steps: [], installed: false, running: null });
const FORCE_EXIT_MS = 20_000;

function runSteps(): Promise<void> {
  state.running ??= (async () => {
    for (const step of state.steps) {
      try {
        await step.run();
      } catch (err) {
        console.error(`bobbin: shutdown step ${step.name} failed: ${(err as Error).message}`);
      }
    }
  })();
  return state.running;
}

function onSignal(signal: NodeJS.Signals): void {
  const code = signal === 'SIGINT' ? 130 : 143;
  // A stuck step must not keep a process that was asked to stop alive forever.
  setTimeout(() => process.exit(code), FORCE_EXIT_MS).unref();
  if (process.listenerCount(signal) > 0) {
    // Someone else (Next) handles the signal and will exit when its requests are done: run our steps then.
    const realExit = process.exit.bind(process);
    process.exit = ((exitCode?: number) => {
      void runSteps().finally(() => realExit(exitCode ?? code));
    }) as typeof process.exit;
    return;
  }
  void runSteps().finally(() => process.exit(signal === 'SIGINT' ? 130 : 0));
}

export function onShutdown(name: string, run: () => Promise<unknown>): void {
  state.steps.push({ name, run });
  if (state.installed) return;
  state.installed = true;
  // `once`: after our listener is removed, listenerCount tells whether another handler remains.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => onSignal(signal));
}
