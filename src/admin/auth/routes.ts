import type { App } from '#shared/http/create-app.ts';
import { ErrorEnvelopeSchema } from '#shared/http/envelope.ts';
import type { AdminContext } from '../context.ts';
import { OperatorLoginSchema, TokenRequestSchema, TokenResponseSchema } from './schemas.ts';
import { issueServiceToken, loginOperator } from './service.ts';

export function authRoutes(app: App, ctx: AdminContext): void {
  app.post(
    '/auth/token',
    {
      schema: {
        tags: ['auth'],
        summary: 'Get a service token (OAuth 2.0 client credentials; JSON or form-encoded)',
        body: TokenRequestSchema,
        response: { 200: TokenResponseSchema, 401: ErrorEnvelopeSchema },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return issueServiceToken(ctx, request.body);
    },
  );

  app.post(
    '/operator/auth/login',
    {
      schema: {
        tags: ['operator'],
        summary: 'Log in as a platform operator',
        body: OperatorLoginSchema,
        response: { 200: TokenResponseSchema, 401: ErrorEnvelopeSchema },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return loginOperator(ctx, request.body);
    },
  );
}
