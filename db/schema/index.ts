export * from './auth';
export * from './audit';
export * from './oplog';
export * from './api-keys';
export * from './catalog';
export * from './observability';
export * from './inventory';
export * from './surveys';
