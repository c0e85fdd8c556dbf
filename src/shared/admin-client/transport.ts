import {
  BrokenCircuitError,
  ConsecutiveBreaker,
  circuitBreaker,
  ExponentialBackoff,
  handleWhen,
  retry,
  wrap,
} from 'cockatiel';
import { UpstreamFailed } from '#shared/errors.ts';
import { errorCode, fetchFailure, TransientUpstreamFailure, UpstreamRejected } from './failures.ts';

export interface AdminClientOptions {
  /** Overrides `ADMIN_API_BASE_URL`. */
  baseUrl?: string;
  /** Per attempt, covering the whole answer. Default 5 s. */
  timeoutMs?: number;
  /** Attempts after the first for a 5xx, a timeout or no connection. Default 2. */
  retries?: number;
  /** Exponential backoff between attempts. Default 100 ms doubling up to 2 s. */
  backoff?: { initialMs: number; maxMs: number };
  /** Consecutive failed attempts that open the breaker, and how long it stays open. Default 5, 10 s. */
  breaker?: { failures: number; halfOpenAfterMs: number };
  /** Renew the service token this long before it expires. Default 30 s. */
  tokenMarginMs?: number;
  fetch?: typeof fetch;
}

export interface AdminRequest {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Non-2xx statuses that are answers for the caller (the 409 of an order), not failures. */
  accept?: readonly number[];
}

export interface AdminResponse {
  status: number;
  body: unknown;
  headers: Headers;
}

export type Send = (request: AdminRequest) => Promise<AdminResponse>;

export const labelOf = (request: Pick<AdminRequest, 'method' | 'path'>) =>
  `Admin API ${request.method} ${request.path}`;

/**
 * One HTTP call to the Admin with a timeout per attempt, retries with backoff, and one circuit breaker
 * for the whole client. Every call is safe to repeat: reads are, `POST /orders` carries an
 * Idempotency-Key and `POST /traders` is idempotent on external_ref.
 */
export function createTransport(baseUrl: string, options: AdminClientOptions): Send {
  const timeoutMs = options.timeoutMs ?? 5000;
  const doFetch = options.fetch ?? fetch;
  const transient = handleWhen((error) => error instanceof TransientUpstreamFailure);
  const backoff = options.backoff ?? { initialMs: 100, maxMs: 2000 };
  const breakerOptions = options.breaker ?? { failures: 5, halfOpenAfterMs: 10_000 };
  const policy = wrap(
    retry(transient, {
      maxAttempts: options.retries ?? 2,
      backoff: new ExponentialBackoff({ initialDelay: backoff.initialMs, maxDelay: backoff.maxMs }),
    }),
    circuitBreaker(transient, {
      halfOpenAfter: breakerOptions.halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(breakerOptions.failures),
    }),
  );
  const root = baseUrl.replace(/\/+$/, '');

  async function attempt(request: AdminRequest): Promise<AdminResponse> {
    const label = labelOf(request);
    const url = new URL(root + request.path);
    for (const [key, value] of Object.entries(request.query ?? {}))
      if (value !== undefined) url.searchParams.set(key, String(value));
    const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    let text: string;
    try {
      response = await doFetch(url, {
        method: request.method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw fetchFailure(error, label, timeoutMs);
    }
    if (response.status >= 500)
      throw new TransientUpstreamFailure(502, `${label} failed (${response.status}).`);
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      throw new UpstreamFailed(502, `${label} answered with malformed JSON (${response.status}).`);
    }
    const ok = response.ok || request.accept?.includes(response.status);
    if (!ok) throw new UpstreamRejected(response.status, errorCode(body), label);
    return { status: response.status, body, headers: response.headers };
  }

  return async (request) => {
    try {
      return await policy.execute(() => attempt(request));
    } catch (error) {
      if (error instanceof BrokenCircuitError)
        throw new UpstreamFailed(503, `${labelOf(request)} skipped: the Admin API keeps failing.`);
      throw error;
    }
  };
}
