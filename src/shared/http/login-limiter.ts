import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import type { Config } from '../config.ts';
import { RateLimited } from '../errors.ts';

/**
 * Failed logins, limited per e-mail and per IP: after `max` failures within the window, every login
 * attempt on that e-mail or from that IP answers 429 with Retry-After until the window passes. Only
 * failures count (the limiter is peeked before and charged after a failure), so a trader who logs in
 * often is never locked out. With REDIS_URL the counts are shared by every replica.
 */
export interface LoginLimiter {
  /** Throws 429 when the e-mail or the IP is over the limit. */
  check(request: FastifyRequest, email: string): Promise<void>;
  /** Counts one failed attempt for the e-mail and the IP. */
  fail(request: FastifyRequest, email: string): Promise<void>;
}

export interface LoginLimits {
  readonly max: number;
  readonly windowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { max: 5, windowMs: 15 * 60 * 1000 };

export async function loginLimiter(
  app: FastifyInstance,
  config: Pick<Config, 'REDIS_URL'>,
  name: string,
  limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
): Promise<LoginLimiter> {
  const redis = config.REDIS_URL
    ? new Redis(config.REDIS_URL, {
        connectTimeout: 500,
        maxRetriesPerRequest: 1,
        lazyConnect: true,
      })
    : undefined;
  if (redis) app.addHook('onClose', async () => void redis.disconnect());
  await app.register(rateLimit, {
    global: false,
    ...(redis ? { redis, skipOnError: true, nameSpace: `broker-login-${name}-` } : {}),
  });
  // The e-mail travels on the request for the key generator, set just before each call.
  const emailOf = new WeakMap<FastifyRequest, string>();
  const common = { max: limits.max, timeWindow: limits.windowMs };
  const byIp = app.createRateLimit({ ...common, keyGenerator: (request) => `ip:${request.ip}` });
  const byEmail = app.createRateLimit({
    ...common,
    keyGenerator: (request) => `email:${emailOf.get(request) ?? ''}`,
  });
  const both = async (request: FastifyRequest, email: string, increment: boolean) => {
    emailOf.set(request, email.trim().toLowerCase());
    return Promise.all([byIp(request, { increment }), byEmail(request, { increment })]);
  };
  return {
    async check(request, email) {
      const statuses = await both(request, email, false);
      // Peeking does not count: `max` recorded failures leave nothing remaining, so block then.
      const blocked = statuses.flatMap((s) =>
        !s.isAllowed && (s.isExceeded || s.remaining <= 0) ? [s.ttlInSeconds] : [],
      );
      if (blocked.length > 0) throw new RateLimited(Math.max(1, ...blocked));
    },
    async fail(request, email) {
      await both(request, email, true);
    },
  };
}
