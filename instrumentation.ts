// Runs once when the Next server starts: validate the environment, migrate, seed the embedded demo.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  if (process.env.NEXT_PHASE === 'phase-production-build') return; // `next build` never opens the database
  const { startServer } = await import('./lib/server/start-server');
  await startServer();
}
