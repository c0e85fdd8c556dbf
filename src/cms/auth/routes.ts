import { Type } from 'typebox';
import { requestContext } from '#shared/audit/request-context.ts';
import { Unauthorized } from '#shared/errors.ts';
import type { App } from '#shared/http/create-app.ts';
import { ErrorEnvelopeSchema } from '#shared/http/envelope.ts';
import type { LoginLimiter } from '#shared/http/login-limiter.ts';
import type { CmsContext } from '../context.ts';
import { asTrader, traderOf } from './guards.ts';
import { getTrader } from './queries.ts';
import {
  LoginSchema,
  PasswordChangeSchema,
  RefreshSchema,
  RegisterSchema,
  TokenPairSchema,
  TraderSchema,
} from './schemas.ts';
import * as auth from './service.ts';

const tags = ['auth'];
const errors = { 401: ErrorEnvelopeSchema, 409: ErrorEnvelopeSchema, 422: ErrorEnvelopeSchema };
const security = [{ bearer: [] }];

export function authRoutes(app: App, ctx: CmsContext, limiter: LoginLimiter): void {
  // Auth routes stay open to PENDING and REJECTED traders, so they can see their status.
  const signedIn = asTrader(ctx, false);

  app.post(
    '/auth/register',
    {
      schema: {
        tags,
        summary: 'Register a trader (PENDING until an operator approves)',
        body: RegisterSchema,
        response: { 201: TraderSchema, ...errors },
      },
    },
    async (request, reply) => {
      const trader = await auth.register(ctx, request.body, requestContext(request));
      return reply.status(201).send(auth.presentTrader(trader));
    },
  );

  app.post(
    '/auth/login',
    {
      schema: {
        tags,
        summary: 'Log in',
        body: LoginSchema,
        response: { 200: TokenPairSchema, ...errors, 429: ErrorEnvelopeSchema },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      await limiter.check(request, request.body.email);
      try {
        return (await auth.login(ctx, request.body, requestContext(request))).pair;
      } catch (error) {
        if (error instanceof Unauthorized) await limiter.fail(request, request.body.email);
        throw error;
      }
    },
  );

  app.post(
    '/auth/refresh',
    {
      schema: {
        tags,
        summary: 'Trade a refresh token for a new pair (the old one is spent)',
        body: RefreshSchema,
        response: { 200: TokenPairSchema, ...errors },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return (await auth.refresh(ctx, request.body.refresh_token, requestContext(request))).pair;
    },
  );

  app.post(
    '/auth/logout',
    {
      schema: {
        tags,
        summary: 'End the login a refresh token belongs to',
        body: RefreshSchema,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await auth.logout(ctx, request.body.refresh_token, requestContext(request));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/auth/me',
    {
      ...signedIn,
      schema: {
        tags,
        security,
        summary: 'The signed-in trader',
        response: { 200: TraderSchema, ...errors },
      },
    },
    async (request) => {
      const trader = await getTrader(ctx.db, traderOf(request).id);
      return auth.presentTrader(trader as NonNullable<typeof trader>);
    },
  );

  app.post(
    '/auth/password',
    {
      ...signedIn,
      schema: {
        tags,
        security,
        summary: 'Change the password; every other session ends',
        body: PasswordChangeSchema,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await auth.changePassword(ctx, traderOf(request), request.body, requestContext(request));
      return reply.status(204).send(null);
    },
  );
}
