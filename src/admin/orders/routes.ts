import type { App } from '#shared/http/create-app.ts';
import { ErrorEnvelopeSchema } from '#shared/http/envelope.ts';
import { requireOperator, requireTrader } from '../auth/guards.ts';
import type { AdminContext } from '../context.ts';
import { placeOrder } from './place.ts';
import {
  IdempotencyHeaders,
  InsufficientStockSchema,
  OperatorOrderQuery,
  OrderCreateSchema,
  OrderIdParams,
  OrderPageSchema,
  OrderSchema,
  TraderOrderQuery,
  TransitionSchema,
} from './schemas.ts';
import * as orders from './service.ts';

const errors = {
  401: ErrorEnvelopeSchema,
  404: ErrorEnvelopeSchema,
  409: ErrorEnvelopeSchema,
  422: ErrorEnvelopeSchema,
};
const security = [{ bearer: [] }];

export function ordersRoutes(app: App, ctx: AdminContext): void {
  app.post(
    '/orders',
    {
      schema: {
        tags: ['orders'],
        summary: 'Place an order (trader key; Idempotency-Key required)',
        description:
          'Prices come from the catalog. Stock is taken atomically; short stock answers 409 `insufficient_stock` listing each short line. Repeating an Idempotency-Key replays the first answer.',
        security,
        headers: IdempotencyHeaders,
        body: OrderCreateSchema,
        response: { 200: OrderSchema, 201: OrderSchema, ...errors, 409: InsufficientStockSchema },
      },
    },
    async (request, reply) => {
      const trader = await requireTrader(ctx, request);
      const answer = await placeOrder(
        ctx,
        trader.id,
        request.headers['idempotency-key'],
        request.body,
      );
      if (answer.replayed) reply.header('idempotent-replayed', 'true');
      // The stored answer is an order (201) or an error envelope (409); the schemas serialize both.
      return reply.status(answer.status).send(answer.body as never);
    },
  );

  app.get(
    '/orders',
    {
      schema: {
        tags: ['orders'],
        summary: "The trader's orders changed since updated_since, oldest change first",
        security,
        querystring: TraderOrderQuery,
        response: { 200: OrderPageSchema, ...errors },
      },
    },
    async (request) => {
      const trader = await requireTrader(ctx, request);
      return orders.listTraderOrders(ctx, trader.id, request.query);
    },
  );

  app.get(
    '/orders/:id',
    {
      schema: {
        tags: ['orders'],
        summary: 'One of the trader’s orders',
        security,
        params: OrderIdParams,
        response: { 200: OrderSchema, ...errors },
      },
    },
    async (request) => {
      const trader = await requireTrader(ctx, request);
      return orders.getOrderFor(ctx.db, trader.id, request.params.id);
    },
  );

  app.post(
    '/orders/:id/cancel',
    {
      schema: {
        tags: ['orders'],
        summary: 'Cancel a PENDING order; its stock goes back',
        security,
        params: OrderIdParams,
        response: { 200: OrderSchema, ...errors },
      },
    },
    async (request) => {
      const trader = await requireTrader(ctx, request);
      return orders.cancelOrder(ctx, trader.id, request.params.id);
    },
  );

  app.get(
    '/operator/orders',
    {
      schema: {
        tags: ['operator'],
        summary: 'Every order, newest first',
        security,
        querystring: OperatorOrderQuery,
        response: { 200: OrderPageSchema, ...errors },
      },
    },
    async (request) => {
      await requireOperator(ctx, request);
      return orders.listAllOrders(ctx, request.query);
    },
  );

  app.get(
    '/operator/orders/:id',
    {
      schema: {
        tags: ['operator'],
        security,
        params: OrderIdParams,
        response: { 200: OrderSchema, ...errors },
      },
    },
    async (request) => {
      await requireOperator(ctx, request);
      return orders.getOrder(ctx, request.params.id);
    },
  );

  app.post(
    '/operator/orders/:id/status',
    {
      schema: {
        tags: ['operator'],
        summary: 'Move an order: PENDING → CONFIRMED → SHIPPED → DELIVERED, or → CANCELLED',
        security,
        params: OrderIdParams,
        body: TransitionSchema,
        response: { 200: OrderSchema, ...errors },
      },
    },
    async (request) => {
      await requireOperator(ctx, request);
      return orders.transitionOrder(ctx, request.params.id, request.body.status);
    },
  );
}
