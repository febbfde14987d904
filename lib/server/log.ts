import { trace } from '@opentelemetry/api';
import pino, { type DestinationStream, type Logger } from 'pino';
import { REDACTED, redactSecrets } from '../oplog/redact';
import { currentRequestId } from './request-context';
import { tracingOn } from './tracing';

/**
 * The one logger of the server and the scripts: JSON lines (level, time, msg, and the fields passed), with the
 * current request's id and trace id added, and every field passed through the op-log redaction so a secret
 * never reaches a log. NODE_ENV=development or a terminal gets the same lines in a short human form instead
 * (LOG_FORMAT=json|pretty overrides).
 * LOG_LEVEL (trace|debug|info|warn|error|fatal|silent) sets the threshold; info by default.
 */
export type { Logger };

const LEVEL_NAMES: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};

/** Development output: `12:01:02 INFO  request GET /api/x 200 12ms requestId=…` (a dozen lines, no dependency). */
export function prettyDestination(out: { write(s: string): unknown } = process.stdout): DestinationStream {
  return {
    write(line: string) {
      let o: Record<string, unknown>;
      try {
        o = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return out.write(line);
      }
      const { level, time, msg, pid: _pid, hostname: _host, err, ...rest } = o;
      const label = (typeof level === 'string' ? level.toUpperCase() : LEVEL_NAMES[level as number]) ?? String(level);
      const clock = typeof time === 'string' ? time.slice(11, 19) : '';
      const fields = Object.entries(rest).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
      const stack =
        err && typeof err === 'object' ? `\n${String((err as { stack?: unknown }).stack ?? JSON.stringify(err))}` : '';
      return out.write(`${clock} ${label.padEnd(5)} ${String(msg ?? '')} ${fields.join(' ')}${stack}\n`);
    },
  };
}

type Sink = { write(s: string): unknown };

// Where the process logger writes: stdout in the server, stderr in scripts (their stdout is their result).
// process.stdout/stderr writes are synchronous on Linux for files and pipes, so a line is out before process.exit.
const g = globalThis as unknown as { __bobbinLog?: Logger; __bobbinLogSink?: { target: Sink } };
const sink = (g.__bobbinLogSink ??= { target: chooseSink(process.stdout) });

function chooseSink(stream: NodeJS.WriteStream): Sink {
  const format = process.env.LOG_FORMAT || (process.env.NODE_ENV === 'development' || stream.isTTY ? 'pretty' : 'json');
  return format === 'pretty' ? prettyDestination(stream) : stream;
}

/** Scripts call this first: log lines go to stderr, leaving stdout to the script's result lines. */
export function logToStderr(): void {
  sink.target = chooseSink(process.stderr);
}

/**
 * pino's error serializer, minus parameter values: drizzle's DrizzleQueryError carries the statement's
 * `params` (a password hash, an email) as a field and in its message; the statement text stays.
 */
function serializeError(err: Error): Record<string, unknown> {
  const out = pino.stdSerializers.err(err) as unknown as Record<string, unknown>;
  delete out.params;
  for (const key of ['message', 'stack'] as const) {
    if (typeof out[key] === 'string')
      out[key] = (out[key] as string).replace(/\nparams: [^\n]*/g, `\nparams: ${REDACTED}`);
  }
  return out;
}

export function createLogger(
  destination: DestinationStream = { write: (s) => void sink.target.write(s) },
  level = process.env.LOG_LEVEL || 'info',
): Logger {
  return pino(
    {
      level,
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { err: serializeError },
      formatters: {
        level: (label) => ({ level: label }),
        // Errors keep their own shape (pino serialises them); everything else goes through the op-log redaction.
        log: (obj) => {
          const { err, ...rest } = obj;
          const clean = redactSecrets(rest) as Record<string, unknown>;
          return err === undefined ? clean : { ...clean, err };
        },
      },
      mixin: () => {
        const requestId = currentRequestId();
        const span = tracingOn() ? trace.getActiveSpan()?.spanContext() : undefined;
        return { ...(requestId ? { requestId } : {}), ...(span ? { traceId: span.traceId, spanId: span.spanId } : {}) };
      },
    },
    destination,
  );
}

// One logger per process, shared by Next's duplicated module copies.
export const log: Logger = (g.__bobbinLog ??= createLogger());
