/**
 * The one error vocabulary of Bobbin's HTTP and action contract, and typed domain errors. Domain code throws
 * them; the action and route helpers translate them once into `{ ok: false, code, message, fieldErrors }` or
 * the JSON error `{ error: { code, message, fieldErrors?, ...details, requestId? } }` with the code's status.
 * The OpenAPI document (lib/openapi.ts) is generated from this table.
 */

/**
 * Field errors, keyed by the input's dot path (zod's issue path): `email`, `Idempotency-Key`, and for a batch
 * `entries.3.userId` (the array key, the entry's index, the field; `entries.3` for the entry as a whole).
 */
export type FieldErrors = Record<string, string[]>;

/** Every error code, with its HTTP status and what it means (the OpenAPI descriptions). */
export const ERRORS = {
  invalid: {
    status: 400,
    meaning: 'The request is invalid (malformed JSON, a bad field: see fieldErrors); nothing changed.',
  },
  unauthenticated: {
    status: 401,
    meaning: 'No valid session or API key (missing, revoked, expired or without the scope).',
  },
  forbidden: { status: 403, meaning: 'Signed in, but the role does not allow this (or a cross-site request).' },
  not_found: { status: 404, meaning: 'No such record.' },
  conflict: {
    status: 409,
    meaning:
      'The request clashes with the current state (a duplicate, a reused idempotency key, a reservation already ended).',
  },
  stale_version: { status: 409, meaning: 'Someone else saved the record after it was read; nothing was saved.' },
  out_of_stock: {
    status: 409,
    meaning: 'Not enough available stock; `available` says how much there is now. Nothing was reserved.',
  },
  length_required: { status: 411, meaning: 'A form was sent without a Content-Length.' },
  payload_too_large: {
    status: 413,
    meaning: 'The body is larger than the endpoint accepts; nothing was read past the limit.',
  },
  unsupported_media_type: {
    status: 415,
    meaning: 'The body is in an encoding or format the endpoint does not take (ingest: identity or gzip).',
  },
  rate_limited: { status: 429, meaning: 'Too many attempts; try again later.' },
  internal: { status: 500, meaning: 'Something went wrong; quote the requestId to support. Nothing was saved.' },
} as const satisfies Record<string, { status: number; meaning: string }>;

export type ErrorCode = keyof typeof ERRORS;
export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[];

export const STATUS_OF = Object.fromEntries(ERROR_CODES.map((c) => [c, ERRORS[c].status])) as {
  [C in ErrorCode]: (typeof ERRORS)[C]['status'];
};

/** Machine-readable facts about an error, sent beside `code` and `message` (e.g. `available` for out_of_stock). */
export type ErrorDetails = Record<string, string | number | boolean | null> & {
  code?: never;
  message?: never;
  fieldErrors?: never;
  requestId?: never;
};

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fieldErrors?: FieldErrors,
    readonly details?: ErrorDetails,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class Forbidden extends DomainError {
  constructor(message = 'You are not allowed to do this.') {
    super('forbidden', message);
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

/**
 * What an edit form needs to resolve a conflict instead of losing the user's work: the stored `version` to save
 * against, the stored values (`current`, the record's editable fields as the form's loader gives them) and who
 * saved them (`you` when it was the same person, e.g. in another tab).
 */
export type EditConflict = {
  version: number;
  current: Record<string, unknown>;
  by: { name: string; you: boolean } | null;
};

/** Who saved meanwhile, as a message says it. */
export function savedBy(by: EditConflict['by'] | undefined): string {
  if (!by) return 'someone else';
  return by.you ? 'you, in another tab' : by.name;
}

/**
 * The record was saved after this form was loaded. `changed` lists what changed; `conflict`, when the form can
 * resolve it field by field, carries the stored version. `by` says who saved it when the conflict is not given.
 */
export class StaleVersion extends DomainError {
  constructor(
    what: string,
    readonly changed: string[] = [],
    readonly conflict?: EditConflict,
    by?: EditConflict['by'],
  ) {
    super(
      'stale_version',
      `${what} was changed by ${savedBy(conflict ? conflict.by : by)}${(conflict ? conflict.by : by)?.you ? ',' : ''} while you were editing` +
        (changed.length ? ` (${changed.join(', ')})` : '') +
        (conflict
          ? '. Nothing was saved: compare the versions below and choose what to keep.'
          : '. Reload to see their version; nothing was saved.'),
    );
  }
}

export class RateLimited extends DomainError {
  constructor(message: string) {
    super('rate_limited', message);
  }
}

/** A decrement would take available stock below zero; `available` is what there is now (sent as a detail). */
export class OutOfStock extends DomainError {
  constructor(
    readonly available: number,
    where: string,
    readonly sku?: string,
  ) {
    super('out_of_stock', `Only ${available} available${sku ? ` of ${sku}` : ''} at ${where}.`, undefined, {
      available,
    });
  }
}

/** A body past an endpoint's limit (413), refused while streaming. */
export class PayloadTooLarge extends DomainError {
  constructor(message: string) {
    super('payload_too_large', message);
  }
}
