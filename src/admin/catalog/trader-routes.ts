import type { App } from '#shared/http/create-app.ts';
import { ErrorEnvelopeSchema } from '#shared/http/envelope.ts';
import { asTrader } from '../auth/guards.ts';
import type { AdminContext } from '../context.ts';
import {
  CategoryListSchema,
  IdParams,
  ProductChangesPageSchema,
  ProductChangesQuery,
  ProductSchema,
  StockListSchema,
  StockQuery,
  TraderHeaders,
} from './schemas.ts';
import * as catalog from './service.ts';

const errors = { 401: ErrorEnvelopeSchema, 403: ErrorEnvelopeSchema, 422: ErrorEnvelopeSchema };
const trader = { tags: ['catalog'], security: [{ bearer: [] }], headers: TraderHeaders };

/** What a trader's CMS reads: service token plus X-API-KEY of an ACTIVE trader. */
export function traderCatalogRoutes(app: App, ctx: AdminContext): void {
  const traderOnly = asTrader(ctx);
  app.get(
    '/categories',
    {
      ...traderOnly,
      schema: {
        ...trader,
        summary: 'All categories, in display order',
        response: { 200: CategoryListSchema, ...errors },
      },
    },
    async () => catalog.listCategories(ctx),
  );

  app.get(
    '/products',
    {
      ...traderOnly,
      schema: {
        ...trader,
        summary: 'Products in the order of their last change, withdrawn ones included (for sync)',
        querystring: ProductChangesQuery,
        response: { 200: ProductChangesPageSchema, ...errors },
      },
    },
    async (request) => {
      return catalog.listProductChanges(ctx, request.query);
    },
  );

  app.get(
    '/products/:id',
    {
      ...traderOnly,
      schema: {
        ...trader,
        summary: 'One product, withdrawn or not',
        params: IdParams,
        response: { 200: ProductSchema, 404: ErrorEnvelopeSchema, ...errors },
      },
    },
    async (request) => {
      return catalog.getProduct(ctx, request.params.id);
    },
  );

  app.get(
    '/stock',
    {
      ...traderOnly,
      schema: {
        ...trader,
        summary: 'Live stock of up to 100 products; unknown ids are absent',
        querystring: StockQuery,
        response: { 200: StockListSchema, ...errors },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return catalog.listStock(ctx, request.query.ids);
    },
  );
}
