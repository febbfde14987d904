import { SpanKind, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';

/**
 * Spans for our own work (server actions, jobs, database statements, route handlers), on the global tracer
 * provider that lib/server/tracing-setup.ts registers when OTEL_EXPORTER_OTLP_ENDPOINT is set. When tracing is
 * off every helper here is one flag check and a direct call: no span objects, no context switches.
 */
const g = globalThis as unknown as { __bobbinTracing?: boolean };

export function tracingOn(): boolean {
  return g.__bobbinTracing === true;
}

/** Set by the setup once a provider is registered (tests turn it off again). */
export function setTracingOn(on: boolean): void {
  g.__bobbinTracing = on;
}

const tracer = () => trace.getTracer('bobbin');

/** Runs `fn` inside an active span (children nest under it); an exception marks the span failed and is rethrown. */
export async function withSpan<T>(
  name: string,
  attributes: Attributes,
  fn: () => Promise<T>,
  kind: SpanKind = SpanKind.INTERNAL,
): Promise<T> {
  if (!tracingOn()) return fn();
  return tracer().startActiveSpan(name, { kind, attributes }, async (span) => {
    try {
      return await fn();
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error)?.message });
      throw err;
    } finally {
      span.end();
    }
  });
}

/** Adds attributes to the active span (the route wrapper's status, user or key), when there is one. */
export function setSpanAttributes(attributes: Attributes): void {
  if (tracingOn()) trace.getActiveSpan()?.setAttributes(attributes);
}

/**
 * A statement's name for its span, OpenTelemetry's `db.query.summary`: the operation and the first table it
 * names (`SELECT stock_levels`, `INSERT operation_log`), never the text's literals or the parameters.
 */
export function summarizeSql(text: string): { operation: string; table?: string; summary: string } {
  // Leading comments (migration files start with them) are not the statement.
  const t = text.replace(/^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)+/, '').replace(/\s+/g, ' ');
  const operation = (/^([A-Za-z]+)/.exec(t)?.[1] ?? 'QUERY').toUpperCase();
  const name = String.raw`(?:"[^"]+"|[A-Za-z_][\w$]*)`;
  const m = new RegExp(
    String.raw`\b(?:from|into|update|table|join|on)\s+(?:only\s+)?(?:if\s+(?:not\s+)?exists\s+)?(${name}(?:\.${name})?)`,
    'i',
  ).exec(t);
  const table = m?.[1]?.replace(/"/g, '');
  return { operation, ...(table ? { table } : {}), summary: table ? `${operation} ${table}` : operation };
}

/** Runs one database statement in a client span named by `summarizeSql` (the text itself is not recorded). */
export function withDbSpan<T>(text: string, fn: () => Promise<T>): Promise<T> {
  if (!tracingOn()) return fn();
  const s = summarizeSql(text);
  return withSpan(
    s.summary,
    {
      'db.system.name': 'postgresql',
      'db.operation.name': s.operation,
      'db.query.summary': s.summary,
      ...(s.table ? { 'db.collection.name': s.table } : {}),
    },
    fn,
    SpanKind.CLIENT,
  );
}
