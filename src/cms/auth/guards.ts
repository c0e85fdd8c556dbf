import type { FastifyRequest } from 'fastify';
import { familyIsLive } from '#shared/auth/refresh-tokens.ts';
import { bearerToken } from '#shared/auth/tokens.ts';
import type { TraderStatus } from '#shared/db/schema/app.ts';
import { Forbidden, Unauthorized } from '#shared/errors.ts';
import { type CmsContext, TRADER_AUDIENCE } from '../context.ts';
import { getTrader } from './queries.ts';

export interface AuthenticatedTrader {
  readonly id: string;
  readonly status: TraderStatus;
  /** The login (refresh-token family) this access token belongs to. */
  readonly sessionId: string | undefined;
}

declare module 'fastify' {
  interface FastifyRequest {
    cmsTrader?: AuthenticatedTrader;
  }
}

/**
 * A trader with a valid access token whose login has not ended (logout and password changes end
 * logins at once, not when the token expires).
 */
export async function requireTrader(
  ctx: CmsContext,
  request: FastifyRequest,
): Promise<AuthenticatedTrader> {
  const claims = await ctx.tokens.verify(
    bearerToken(request.headers.authorization),
    TRADER_AUDIENCE,
  );
  const sessionId = typeof claims.sid === 'string' ? claims.sid : undefined;
  const [trader, live] = await Promise.all([
    getTrader(ctx.db, claims.sub),
    sessionId ? familyIsLive(ctx.db, sessionId) : Promise.resolve(false),
  ]);
  if (!trader || !live)
    throw new Unauthorized('This session has ended; log in again.', 'session_ended');
  return { id: trader.id, status: trader.status, sessionId };
}

/** Every trader route but auth/*: PENDING and REJECTED traders may only see their status. */
export function requireActive(trader: AuthenticatedTrader): AuthenticatedTrader {
  if (trader.status !== 'ACTIVE') {
    throw new Forbidden(
      'trader_not_active',
      `Your account is ${trader.status}; this needs an ACTIVE account.`,
      [{ status: trader.status }],
    );
  }
  return trader;
}

/** Route options that authenticate before the body is validated; `activeOnly` adds the status gate. */
export const asTrader = (ctx: CmsContext, activeOnly = true) => ({
  onRequest: async (request: FastifyRequest) => {
    const trader = await requireTrader(ctx, request);
    request.cmsTrader = activeOnly ? requireActive(trader) : trader;
  },
});

export function traderOf(request: FastifyRequest): AuthenticatedTrader {
  if (!request.cmsTrader) throw new Unauthorized();
  return request.cmsTrader;
}
