import { getLogDbHandle } from '../../db/client';
import { writeOperationLogs } from '../../db/queries/oplog-write';
import type { OperationLogInput } from '../oplog/entry';
import { OperationLogger, type LoggerOptions } from '../oplog/logger';
import { log } from './log';

const g = globalThis as unknown as { __bobbinOpLogger?: OperationLogger };

/** The process-wide logger, writing through the op-log database's bulk path. */
export function getOperationLogger(options: Partial<LoggerOptions> = {}): OperationLogger {
  g.__bobbinOpLogger ??= new OperationLogger({
    write: async (entries) => writeOperationLogs(await getLogDbHandle(), entries),
    onError: (message) => log.error({ component: 'oplog' }, message),
    ...options,
  });
  return g.__bobbinOpLogger;
}

/** Logs one platform operation. Returns at once and never throws: writing happens in batches, later. */
export function logOperation(entry: OperationLogInput): void {
  getOperationLogger().log(entry);
}
