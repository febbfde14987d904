/**
 * Graceful shutdown: on SIGTERM / SIGINT, run the registered steps in order (flush the op-log buffer before
 * closing the pool it writes through), then exit. One registry, so the Next server and scripts behave alike.
 */
type Step = { name: string; run: () => Promise<unknown> };
const g = globalThis as unknown as { __bobbinShutdown?: { steps: Step[]; installed: boolean; running: boolean } };
const state = (g.__bobbinShutdown ??= { steps: [], installed: false, running: false });

export function onShutdown(name: string, run: () => Promise<unknown>): void {
  state.steps.push({ name, run });
  if (state.installed) return;
  state.installed = true;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void shutdownNow(signal === 'SIGINT' ? 130 : 0));
  }
}

export async function shutdownNow(code = 0): Promise<never> {
  if (!state.running) {
    state.running = true;
    for (const step of state.steps) {
      try {
        await step.run();
      } catch (err) {
        console.error(`bobbin: shutdown step ${step.name} failed: ${(err as Error).message}`);
      }
    }
  }
  process.exit(code);
}
