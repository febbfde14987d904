import { openDatabase, optionsFromEnv, setDbHandle, type DbHandle } from '../db/client';
import { describeStartupError } from '../lib/server/boot';
import { log, logToStderr } from '../lib/server/log';

// Scripts print their results on stdout; log lines (errors, jobs' notes) go to stderr through the one logger.
logToStderr();

/** Runs a script body against the configured database and turns failures into one clear line. */
export async function runWithDatabase(name: string, body: (handle: DbHandle) => Promise<void>): Promise<void> {
  let handle: DbHandle | null = null;
  await runScript(
    name,
    async () => {
      handle = await openDatabase(optionsFromEnv(`npm run ${name}`));
      setDbHandle(handle);
      await body(handle);
    },
    () => handle?.target,
  );
  await (handle as DbHandle | null)?.close().catch(() => {});
}

const KNOWN_ERRORS = ['EnvError', 'DataDirInUse', 'ScriptError', 'BackupError'];

/** Runs a script body and turns failures into one clear line and exit code 1. */
export async function runScript(
  name: string,
  body: () => Promise<void>,
  target: () => string | undefined = () => undefined,
): Promise<void> {
  try {
    await body();
  } catch (err) {
    const known = err instanceof Error && KNOWN_ERRORS.includes(err.name);
    log.error({ script: name }, `${name}: ${known ? (err as Error).message : describeStartupError(err, target())}`);
    process.exitCode = 1;
  }
}

export class ScriptError extends Error {
  override name = 'ScriptError';
}

/** `--flag value` and `--flag=value` arguments. */
export function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) continue;
    const eq = arg.indexOf('=');
    if (eq > 0) out[arg.slice(2, eq)] = arg.slice(eq + 1);
    else if (argv[i + 1] && !argv[i + 1]!.startsWith('--')) out[arg.slice(2)] = argv[++i]!;
    else out[arg.slice(2)] = 'true';
  }
  return out;
}
