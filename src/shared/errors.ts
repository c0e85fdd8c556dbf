/**
 * Typed errors that services throw for outcomes the client must hear about. One handler
 * (`shared/http/error-handler.ts`) turns each into the error envelope of DESIGN.md §4.
 */
export interface ErrorDetail {
  readonly field?: string;
  readonly location?: string;
  readonly code: string;
  readonly message: string;
  readonly [extra: string]: unknown;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: readonly ErrorDetail[] | readonly Record<string, unknown>[],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequest extends AppError {
  constructor(code: string, message: string) {
    super(400, code, message);
  }
}

export class Unauthorized extends AppError {
  constructor(message = 'Authentication is required.', code = 'unauthorized') {
    super(401, code, message);
  }
}

export class Forbidden extends AppError {
  constructor(code: string, message: string, details?: readonly Record<string, unknown>[]) {
    super(403, code, message, details);
  }
}

/** Missing, or owned by another tenant: the two must look the same. */
export class NotFound extends AppError {
  constructor(what = 'Resource') {
    super(404, 'not_found', `${what} not found.`);
  }
}

export class Conflict extends AppError {
  constructor(code: string, message: string, details?: readonly Record<string, unknown>[]) {
    super(409, code, message, details);
  }
}

export class PayloadTooLarge extends AppError {
  constructor(message = 'The request body is too large.') {
    super(413, 'payload_too_large', message);
  }
}

export class UnsupportedMediaType extends AppError {
  constructor(message = 'This media type is not supported here.') {
    super(415, 'unsupported_media_type', message);
  }
}

export class ValidationFailed extends AppError {
  constructor(details: readonly ErrorDetail[], message = 'The request is not valid.') {
    super(422, 'validation_failed', message, details);
  }
}

export class RateLimited extends AppError {
  constructor(retryAfterSeconds: number) {
    super(429, 'rate_limited', 'Too many requests; try again later.', undefined, {
      'retry-after': String(retryAfterSeconds),
    });
  }
}

/** The Admin API failed us: 502 bad answer, 503 unavailable, 504 timed out. */
export class UpstreamFailed extends AppError {
  constructor(status: 502 | 503 | 504, message: string) {
    const code = { 502: 'upstream_error', 503: 'upstream_unavailable', 504: 'upstream_timeout' };
    super(status, code[status], message);
  }
}
