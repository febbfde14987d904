import { context, propagation, trace } from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { setTracingOn } from './tracing';

/**
 * Registers the OpenTelemetry tracer provider: instrumentation.ts calls it when OTEL_EXPORTER_OTLP_ENDPOINT is
 * set (the OTLP/HTTP exporter reads that variable, OTEL_EXPORTER_OTLP_HEADERS and OTEL_SERVICE_NAME itself);
 * tests pass an in-memory exporter. Once a provider is global, Next.js emits its own request spans too
 * (`GET /api/...`, `executing api route (app) ...`), and ours nest under them. Imported lazily: when tracing is
 * off the SDK is never loaded.
 */
export async function startTracing(
  opts: { exporter?: SpanExporter } = {},
): Promise<{ shutdown(): Promise<void>; forceFlush(): Promise<void> }> {
  const [
    { NodeTracerProvider, BatchSpanProcessor, SimpleSpanProcessor },
    { resourceFromAttributes },
    { ATTR_SERVICE_NAME },
  ] = await Promise.all([
    import('@opentelemetry/sdk-trace-node'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/semantic-conventions'),
  ]);
  const exporter = opts.exporter ?? new (await import('@opentelemetry/exporter-trace-otlp-http')).OTLPTraceExporter();
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: process.env.OTEL_SERVICE_NAME || 'bobbin' }),
    // Batches in production (export off the request path); a test's exporter sees each span as it ends.
    spanProcessors: [opts.exporter ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter)],
  });
  provider.register(); // global provider, AsyncLocalStorage context manager, W3C trace-context propagation
  setTracingOn(true);
  return {
    forceFlush: () => provider.forceFlush(),
    async shutdown() {
      setTracingOn(false);
      await provider.shutdown(); // exports what is batched
      // Unregistered, so a later start in the same process (tests) can register again.
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
