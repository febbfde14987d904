import http from 'node:http';
import net from 'node:net';
import { log } from './log';

/**
 * Graceful shutdown within 10 s of SIGTERM / SIGINT:
 * 1. at once: the process is draining (`/api/health` and `/api/health/ready` answer 503), and no new connection is
 *    accepted (Next's own handler closes the listening socket);
 * 2. requests in flight finish; a keep-alive connection is closed as soon as it goes idle, so a client cannot keep
 *    one open and go on being served;
 * 3. then the registered steps run in order (stop the job timers, flush the op-log buffer, close the pools) and
 *    the process exits. Under `next start` Next calls process.exit once its connections are done; we defer that
 *    exit until our steps are done. If requests are still running at STEPS_AT_MS, the steps run anyway, and
 *    the process exits at HARD_EXIT_MS whatever happens. One registry, so the Next server and scripts behave alike.
 */
type Step = { name: string; run: () => Promise<unknown> };
type State = {
  steps: Step[];
  installed: boolean;
  running: Promise<void> | null;
  draining: boolean;
  servers: Set<http.Server>;
};
const g = globalThis as unknown as { __bobbinShutdown?: State };
const state: State = (g.__bobbinShutdown ??= {
  steps: [],
  installed: false,
  running: null,
  draining: false,
  servers: new Set(),
});

/** When the steps start even if requests are still in flight (leaves them the rest of the 10 s to finish). */
const STEPS_AT_MS = 6_000;
/** The contract is "exit within 10 s"; this leaves a margin for the exit itself. */
const HARD_EXIT_MS = 9_500;
/** Budget for flushing the op-log buffer (a step that waits on the database). */
export const FLUSH_BUDGET_MS = 2_500;
const SWEEP_EVERY_MS = 50;

/** True from the moment a stop signal arrives: readiness answers 503 so load balancers stop sending traffic. */
export function isDraining(): boolean {
  return state.draining;
}

/** Marks the process as draining (the stop signal does this; tests turn it on and off directly). */
export function markDraining(on = true): void {
  state.draining = on;
}

function runSteps(): Promise<void> {
  state.running ??= (async () => {
    for (const step of state.steps) {
      try {
        await step.run();
      } catch (err) {
        log.error({ step: step.name, reason: (err as Error).message }, 'shutdown step failed');
      }
    }
  })();
  return state.running;
}

/**
 * Remembers this process's HTTP servers (Next creates its own; we reach it only to close idle keep-alive sockets
 * while draining). Called at start-up, when the server listens, and again at the signal (from open sockets).
 */
export function rememberHttpServers(): void {
  const handles = (process as unknown as { _getActiveHandles?: () => unknown[] })._getActiveHandles?.() ?? [];
  for (const h of handles) {
    if (h instanceof http.Server) state.servers.add(h);
    else if (h instanceof net.Socket) {
      const server = (h as net.Socket & { server?: unknown }).server;
      if (server instanceof http.Server) state.servers.add(server);
    }
  }
}

function onSignal(signal: NodeJS.Signals): void {
  const code = signal === 'SIGINT' ? 130 : 143;
  markDraining();
  const realExit = process.exit.bind(process);
  setTimeout(() => realExit(code), HARD_EXIT_MS).unref();
  setTimeout(() => void runSteps().finally(() => realExit(code)), STEPS_AT_MS).unref();
  rememberHttpServers();
  const servers = [...state.servers];
  const sweep = setInterval(() => {
    for (const s of servers) s.closeIdleConnections();
  }, SWEEP_EVERY_MS);
  sweep.unref();
  if (process.listenerCount(signal) > 0) {
    // Someone else (Next) handles the signal and will exit when its requests are done: run our steps then.
    process.exit = ((exitCode?: number) => {
      void runSteps().finally(() => realExit(exitCode ?? code));
    }) as typeof process.exit;
    return;
  }
  // No server of Next's (a script): close what we found and run the steps.
  for (const s of servers) s.close();
  void runSteps().finally(() => realExit(signal === 'SIGINT' ? 130 : 0));
}

export function onShutdown(name: string, run: () => Promise<unknown>): void {
  state.steps.push({ name, run });
  if (state.installed) return;
  state.installed = true;
  // `once`: after our listener is removed, listenerCount tells whether another handler remains.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => onSignal(signal));
}
