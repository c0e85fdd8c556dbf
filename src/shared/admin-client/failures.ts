import type { Static, TSchema } from 'typebox';
import { Compile, type Validator } from 'typebox/compile';
import { UpstreamFailed } from '#shared/errors.ts';

/**
 * A failure worth another attempt: a 5xx, a timeout or no connection. Retried and counted by the
 * circuit breaker; a caller sees it as the `UpstreamFailed` it is.
 */
export class TransientUpstreamFailure extends UpstreamFailed {}

/**
 * The Admin answered a 4xx the caller did not expect (a 404, a 422, a key it refused). Not retried and
 * not counted by the breaker; still a 502 to our own client, but the caller can read the Admin's status
 * and code, e.g. to turn a 404 order into its own `NotFound`.
 */
export class UpstreamRejected extends UpstreamFailed {
  constructor(
    readonly upstreamStatus: number,
    readonly upstreamCode: string | undefined,
    label: string,
  ) {
    super(
      502,
      `${label} was refused (${upstreamStatus}${upstreamCode ? ` ${upstreamCode}` : ''}).`,
    );
  }
}

/** Why a fetch threw: our timeout (504) or no answer at all (503). */
export function fetchFailure(error: unknown, label: string, timeoutMs: number): UpstreamFailed {
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError')
    return new TransientUpstreamFailure(504, `${label} did not answer within ${timeoutMs} ms.`);
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? ` (${cause.code})` : '';
  return new TransientUpstreamFailure(503, `${label} is unreachable${code}.`);
}

// Compiled once per schema: a sync checks a thousand pages of products.
const validators = new WeakMap<TSchema, Validator>();
const validatorOf = (schema: TSchema) => {
  const known = validators.get(schema);
  if (known) return known;
  const validator = Compile(schema);
  validators.set(schema, validator);
  return validator;
};

/** Checks an answer against its schema; a wrong shape is a 502 now rather than a crash later. */
export function expectShape<T extends TSchema>(schema: T, body: unknown, label: string): Static<T> {
  const validator = validatorOf(schema);
  if (validator.Check(body)) return body as Static<T>;
  // Paths and rule names only: a value could be an API key.
  const [first] = validator.Errors(body);
  const where = first ? ` at '${first.instancePath || '/'}' (${first.message})` : '';
  throw new UpstreamFailed(502, `${label} gave an answer of an unexpected shape${where}.`);
}

export function errorCode(body: unknown): string | undefined {
  const code = (body as { error?: { code?: unknown } } | undefined)?.error?.code;
  return typeof code === 'string' && /^[a-z_]{1,64}$/.test(code) ? code : undefined;
}
