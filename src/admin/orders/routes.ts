import type { App } from '#shared/http/create-app.ts';
import { ErrorEnvelopeSchema } from '#shared/http/envelope.ts';
import { asOperator, asTrader, traderOf } from '../auth/guards.ts';
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
// Trader routes need both: the service token and the trader's API key.
const security = [{ bearer: [], apiKey: [] }];
const operatorSecurity = [{ bearer: [] }];

export function ordersRoutes(app: App, ctx: AdminContext): void {
  const trader = asTrader(ctx);
  const operator = asOperator(ctx);
  app.post(
    '/orders',
    {
      ...trader,
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
      const answer = await placeOrder(
        ctx,
        traderOf(request).id,
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
      ...trader,
      schema: {
        tags: ['orders'],
        summary: "The trader's orders changed since updated_since, oldest change first",
        security,
        querystring: TraderOrderQuery,
        response: { 200: OrderPageSchema, ...errors },
      },
    },
    async (request) => {
      return orders.listTraderOrders(ctx, traderOf(request).id, request.query);
    },
  );

  app.get(
    '/orders/:id',
    {
      ...trader,
      schema: {
        tags: ['orders'],
        summary: 'One of the trader’s orders',
        security,
        params: OrderIdParams,
        response: { 200: OrderSchema, ...errors },
      },
    },
    async (request) => {
      return orders.getOrderFor(ctx.db, traderOf(request).id, request.params.id);
    },
  );

  app.post(
    '/orders/:id/cancel',
    {
      ...trader,
      schema: {
        tags: ['orders'],
        summary: 'Cancel a PENDING order; its stock goes back',
        security,
        params: OrderIdParams,
        response: { 200: OrderSchema, ...errors },
      },
    },
    async (request) => {
      return orders.cancelOrder(ctx, traderOf(request).id, request.params.id);
    },
  );

  app.get(
    '/operator/orders',
    {
      ...operator,
      schema: {
        tags: ['operator'],
        summary: 'Every order, newest first',
        security: operatorSecurity,
        querystring: OperatorOrderQuery,
        response: { 200: OrderPageSchema, ...errors },
      },
    },
    async (request) => {
      return orders.listAllOrders(ctx, request.query);
    },
  );

  app.get(
    '/operator/orders/:id',
    {
      ...operator,
      schema: {
        tags: ['operator'],
        security: operatorSecurity,
        params: OrderIdParams,
        response: { 200: OrderSchema, ...errors },
      },
    },
    async (request) => {
      return orders.getOrder(ctx, request.params.id);
    },
  );

  app.post(
    '/operator/orders/:id/status',
    {
      ...operator,
      schema: {
        tags: ['operator'],
        summary: 'Move an order: PENDING → CONFIRMED → SHIPPED → DELIVERED, or → CANCELLED',
        security: operatorSecurity,
        params: OrderIdParams,
        body: TransitionSchema,
        response: { 200: OrderSchema, ...errors },
      },
    },
    async (request) => {
      return orders.transitionOrder(ctx, request.params.id, request.body.status);
    },
  );
}
