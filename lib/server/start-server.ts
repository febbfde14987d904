import { boot, describeStartupError } from './boot';

/** Called once by instrumentation.ts in the Node runtime: boot, or exit with one clear line. */
export async function startServer(): Promise<void> {
  try {
    const handle = await boot();
    const shutdown = (signal: NodeJS.Signals) => {
      // Close the pool (and for PGlite, the data dir and its lock) before Next exits.
      handle
        .close()
        .catch(() => {})
        .finally(() => process.exit(signal === 'SIGINT' ? 130 : 0));
    };
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
  } catch (err) {
    console.error(`bobbin: ${describeStartupError(err)}`);
    process.exit(1);
  }
}
