import { Type } from 'typebox';
import type { App } from '#shared/http/create-app.ts';
import { ErrorEnvelopeSchema } from '#shared/http/envelope.ts';
import { asOperator, asService } from '../auth/guards.ts';
import type { AdminContext } from '../context.ts';
import {
  ApprovalSchema,
  RejectionSchema,
  TraderApplicationSchema,
  TraderIdParams,
  TraderListQuery,
  TraderPageSchema,
  TraderSchema,
  TraderStatusResponseSchema,
} from './schemas.ts';
import * as traders from './service.ts';

const errors = { 401: ErrorEnvelopeSchema, 404: ErrorEnvelopeSchema, 409: ErrorEnvelopeSchema };
const security = { security: [{ bearer: [] }] };

export function tradersRoutes(app: App, ctx: AdminContext): void {
  const service = asService(ctx);
  const operator = asOperator(ctx);
  app.post(
    '/traders',
    {
      ...service,
      schema: {
        tags: ['traders'],
        summary: 'File a trader application (idempotent on external_ref)',
        ...security,
        body: TraderApplicationSchema,
        response: {
          200: Type.Object({ id: Type.String(), status: TraderSchema.properties.status }),
          201: Type.Object({ id: Type.String(), status: TraderSchema.properties.status }),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const { trader, created } = await traders.fileApplication(ctx, request.body);
      return reply.status(created ? 201 : 200).send({ id: trader.id, status: trader.status });
    },
  );

  app.get(
    '/traders/:id',
    {
      ...service,
      schema: {
        tags: ['traders'],
        summary: "An application's status, with the API key once it is ACTIVE",
        ...security,
        params: TraderIdParams,
        response: { 200: TraderStatusResponseSchema, ...errors },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return traders.getApplicationStatus(ctx, request.params.id);
    },
  );

  app.get(
    '/operator/traders',
    {
      ...operator,
      schema: {
        tags: ['operator'],
        summary: 'List traders, newest first',
        ...security,
        querystring: TraderListQuery,
        response: { 200: TraderPageSchema, ...errors },
      },
    },
    async (request) => {
      return traders.listTraders(ctx, request.query);
    },
  );

  app.post(
    '/operator/traders/:id/approve',
    {
      ...operator,
      schema: {
        tags: ['operator'],
        summary: 'Approve a trader and issue its API key',
        ...security,
        params: TraderIdParams,
        response: { 200: ApprovalSchema, ...errors },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return traders.approveTrader(ctx, request.params.id);
    },
  );

  app.post(
    '/operator/traders/:id/reject',
    {
      ...operator,
      schema: {
        tags: ['operator'],
        summary: 'Reject a pending application',
        ...security,
        params: TraderIdParams,
        body: RejectionSchema,
        response: { 200: TraderSchema, ...errors },
      },
    },
    async (request) => {
      return traders.rejectTrader(ctx, request.params.id, request.body.reason);
    },
  );
}
