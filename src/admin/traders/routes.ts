import { Type } from 'typebox';
import type { App } from '#shared/http/create-app.ts';
import { ErrorEnvelopeSchema } from '#shared/http/envelope.ts';
import { requireOperator, requireService } from '../auth/guards.ts';
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
const service = { security: [{ bearer: [] }] };

export function tradersRoutes(app: App, ctx: AdminContext): void {
  app.post(
    '/traders',
    {
      schema: {
        tags: ['traders'],
        summary: 'File a trader application (idempotent on external_ref)',
        ...service,
        body: TraderApplicationSchema,
        response: {
          200: Type.Object({ id: Type.String(), status: TraderSchema.properties.status }),
          201: Type.Object({ id: Type.String(), status: TraderSchema.properties.status }),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      await requireService(ctx, request);
      const { trader, created } = await traders.fileApplication(ctx, request.body);
      return reply.status(created ? 201 : 200).send({ id: trader.id, status: trader.status });
    },
  );

  app.get(
    '/traders/:id',
    {
      schema: {
        tags: ['traders'],
        summary: "An application's status, with the API key once it is ACTIVE",
        ...service,
        params: TraderIdParams,
        response: { 200: TraderStatusResponseSchema, ...errors },
      },
    },
    async (request, reply) => {
      await requireService(ctx, request);
      reply.header('cache-control', 'no-store');
      return traders.getApplicationStatus(ctx, request.params.id);
    },
  );

  app.get(
    '/operator/traders',
    {
      schema: {
        tags: ['operator'],
        summary: 'List traders, newest first',
        ...service,
        querystring: TraderListQuery,
        response: { 200: TraderPageSchema, ...errors },
      },
    },
    async (request) => {
      await requireOperator(ctx, request);
      return traders.listTraders(ctx, request.query);
    },
  );

  app.post(
    '/operator/traders/:id/approve',
    {
      schema: {
        tags: ['operator'],
        summary: 'Approve a trader and issue its API key',
        ...service,
        params: TraderIdParams,
        response: { 200: ApprovalSchema, ...errors },
      },
    },
    async (request, reply) => {
      await requireOperator(ctx, request);
      reply.header('cache-control', 'no-store');
      return traders.approveTrader(ctx, request.params.id);
    },
  );

  app.post(
    '/operator/traders/:id/reject',
    {
      schema: {
        tags: ['operator'],
        summary: 'Reject a pending application',
        ...service,
        params: TraderIdParams,
        body: RejectionSchema,
        response: { 200: TraderSchema, ...errors },
      },
    },
    async (request) => {
      await requireOperator(ctx, request);
      return traders.rejectTrader(ctx, request.params.id, request.body.reason);
    },
  );
}
