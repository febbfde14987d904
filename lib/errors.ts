/**
 * Typed domain errors. Domain code throws them; the action and route helpers translate them once into
 * `{ ok: false, message, fieldErrors }` or an HTTP status.
 */
export type FieldErrors = Record<string, string[]>;

export type ErrorCode =
  | 'unauthenticated'
  | 'forbidden'
  | 'invalid'
  | 'not_found'
  | 'conflict'
  | 'stale_version'
  | 'rate_limited'
  | 'internal';

export const STATUS_OF: Record<ErrorCode, number> = {
  unauthenticated: 401,
  forbidden: 403,
  invalid: 400,
  not_found: 404,
  conflict: 409,
  stale_version: 409,
  rate_limited: 429,
  internal: 500,
};

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fieldErrors?: FieldErrors,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFound extends DomainError {
  constructor(what: string) {
    super('not_found', `${what} was not found. It may have been removed.`);
  }
}

/** A rule of the domain refuses the input; optionally pinned to fields. */
export class InvalidInput extends DomainError {
  constructor(message: string, fieldErrors?: FieldErrors) {
    super('invalid', message, fieldErrors);
  }
}

/** A uniqueness clash or similar; `field` points the form at the culprit. */
export class Conflict extends DomainError {
  constructor(message: string, field?: string) {
    super('conflict', message, field ? { [field]: [message] } : undefined);
  }
}

/** Someone else saved the record after this form was loaded. `changed` lists what they changed. */
export class StaleVersion extends DomainError {
  constructor(
    what: string,
    readonly changed: string[] = [],
  ) {
    super(
      'stale_version',
      `${what} was changed by someone else while you were editing` +
        (changed.length ? ` (${changed.join(', ')})` : '') +
        '. Reload to see their version; nothing was saved.',
    );
  }
}

export class RateLimited extends DomainError {
  constructor(message: string) {
    super('rate_limited', message);
  }
}

/** A decrement would take available stock below zero; `available` is what there is now. */
export class OutOfStock extends DomainError {
  constructor(
    readonly available: number,
    where: string,
    readonly sku?: string,
  ) {
    super('conflict', `Only ${available} available${sku ? ` of ${sku}` : ''} at ${where}.`);
  }
}
