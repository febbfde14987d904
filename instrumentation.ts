// Runs once when the Next server starts: tracing (when configured), then validate the environment, migrate,
// seed the embedded demo.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  if (process.env.NEXT_PHASE === 'phase-production-build') return; // `next build` never opens the database
  // Traces only when an OTLP endpoint is configured: otherwise the SDK is never loaded and spans cost a flag check.
  const tracing = process.env.OTEL_EXPORTER_OTLP_ENDPOINT
    ? await (await import('./lib/server/tracing-setup')).startTracing()
    : null;
  const { startServer } = await import('./lib/server/start-server');
  await startServer();
  if (tracing) {
    // Registered after the server's own steps, so spans of the shutdown itself are exported too.
    const { onShutdown } = await import('./lib/server/shutdown');
    onShutdown('traces', () => tracing.shutdown());
  }
}
