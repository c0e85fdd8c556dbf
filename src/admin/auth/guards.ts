import type { FastifyRequest } from 'fastify';
import { sha256 } from '#shared/auth/secrets.ts';
import { bearerToken } from '#shared/auth/tokens.ts';
import { Unauthorized } from '#shared/errors.ts';
import { TtlCache } from '#shared/ttl-cache.ts';
import { type AdminContext, OPERATOR_AUDIENCE, SERVICE_AUDIENCE } from '../context.ts';
import { findActiveTraderByKeyHash } from './queries.ts';

/** A service client (the CMS or the Shop) with a valid client-credentials token. */
export async function requireService(ctx: AdminContext, request: FastifyRequest) {
  const claims = await ctx.tokens.verify(
    bearerToken(request.headers.authorization),
    SERVICE_AUDIENCE,
  );
  return { clientId: claims.sub };
}

/**
 * Keys of ACTIVE traders seen in the last seconds: every order would otherwise pay a query for the
 * same answer. A key only ever becomes valid (approval); were keys ever revoked, a revoked key would
 * keep working in this process for at most this long.
 */
const ACTIVE_KEY_TTL_MS = 10_000;
const activeKeys = new TtlCache<{ id: string }>(10_000);

/** A trader-scoped call: a valid service token and the X-API-KEY of an ACTIVE trader. */
export async function requireTrader(
  ctx: AdminContext,
  request: FastifyRequest,
): Promise<{ id: string }> {
  await requireService(ctx, request);
  const key = request.headers['x-api-key'];
  if (typeof key !== 'string' || key === '') {
    throw new Unauthorized('Send the trader API key in X-API-KEY.', 'missing_api_key');
  }
  const hash = sha256(key);
  const known = activeKeys.get(hash);
  if (known) return known;
  const trader = await findActiveTraderByKeyHash(ctx.db, hash);
  if (!trader) throw new Unauthorized('The API key is not valid.', 'invalid_api_key');
  activeKeys.set(hash, trader, Date.now() + ACTIVE_KEY_TTL_MS);
  return trader;
}

/** A platform operator with a valid operator token. */
export async function requireOperator(ctx: AdminContext, request: FastifyRequest) {
  const claims = await ctx.tokens.verify(
    bearerToken(request.headers.authorization),
    OPERATOR_AUDIENCE,
  );
  return { id: claims.sub };
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The trader a trader-scoped request acts for, set by `asTrader`. */
    adminTrader?: { id: string };
  }
}

/**
 * Route options that authenticate in `onRequest`, before the body is parsed and validated, so a caller
 * without credentials learns nothing but 401.
 */
export const asTrader = (ctx: AdminContext) => ({
  onRequest: async (request: FastifyRequest) => {
    request.adminTrader = await requireTrader(ctx, request);
  },
});
export const asOperator = (ctx: AdminContext) => ({
  onRequest: async (request: FastifyRequest) => {
    await requireOperator(ctx, request);
  },
});
export const asService = (ctx: AdminContext) => ({
  onRequest: async (request: FastifyRequest) => {
    await requireService(ctx, request);
  },
});

/** The trader `asTrader` authenticated. */
export function traderOf(request: FastifyRequest): { id: string } {
  if (!request.adminTrader) throw new Unauthorized();
  return request.adminTrader;
}
