import type { App } from '#shared/http/create-app.ts';
import { ErrorEnvelopeSchema } from '#shared/http/envelope.ts';
import { asOperator } from '../auth/guards.ts';
import type { AdminContext } from '../context.ts';
import {
  CategoryCreateSchema,
  CategoryListSchema,
  CategoryPatchSchema,
  CategorySchema,
  IdParams,
  OperatorProductQuery,
  ProductCreateSchema,
  ProductPageSchema,
  ProductPatchSchema,
  ProductSchema,
  StockChangeSchema,
} from './schemas.ts';
import * as catalog from './service.ts';

const errors = {
  401: ErrorEnvelopeSchema,
  404: ErrorEnvelopeSchema,
  409: ErrorEnvelopeSchema,
  422: ErrorEnvelopeSchema,
};
const operator = { tags: ['operator'], security: [{ bearer: [] }] };

/** Catalog management for platform operators. */
export function operatorCatalogRoutes(app: App, ctx: AdminContext): void {
  const operatorOnly = asOperator(ctx);
  app.get(
    '/operator/categories',
    {
      ...operatorOnly,
      schema: {
        ...operator,
        summary: 'All categories, in display order',
        response: { 200: CategoryListSchema, ...errors },
      },
    },
    async () => catalog.listCategories(ctx),
  );

  app.post(
    '/operator/categories',
    {
      ...operatorOnly,
      schema: {
        ...operator,
        summary: 'Create a category (the slug defaults to one made from the name)',
        body: CategoryCreateSchema,
        response: { 201: CategorySchema, ...errors },
      },
    },
    async (request, reply) => {
      return reply.status(201).send(await catalog.createCategory(ctx, request.body));
    },
  );

  app.patch(
    '/operator/categories/:id',
    {
      ...operatorOnly,
      schema: {
        ...operator,
        summary: 'Rename, re-slug or reorder a category',
        params: IdParams,
        body: CategoryPatchSchema,
        response: { 200: CategorySchema, ...errors },
      },
    },
    async (request) => {
      return catalog.updateCategory(ctx, request.params.id, request.body);
    },
  );

  app.get(
    '/operator/products',
    {
      ...operatorOnly,
      schema: {
        ...operator,
        summary: 'List products, newest first',
        querystring: OperatorProductQuery,
        response: { 200: ProductPageSchema, ...errors },
      },
    },
    async (request) => {
      return catalog.listProducts(ctx, request.query);
    },
  );

  app.post(
    '/operator/products',
    {
      ...operatorOnly,
      schema: {
        ...operator,
        summary: 'Create a product',
        body: ProductCreateSchema,
        response: { 201: ProductSchema, ...errors },
      },
    },
    async (request, reply) => {
      return reply.status(201).send(await catalog.createProduct(ctx, request.body));
    },
  );

  app.get(
    '/operator/products/:id',
    {
      ...operatorOnly,
      schema: {
        ...operator,
        summary: 'One product',
        params: IdParams,
        response: { 200: ProductSchema, ...errors },
      },
    },
    async (request) => {
      return catalog.getProduct(ctx, request.params.id);
    },
  );

  app.patch(
    '/operator/products/:id',
    {
      ...operatorOnly,
      schema: {
        ...operator,
        summary: 'Change any field of a product but its sku',
        params: IdParams,
        body: ProductPatchSchema,
        response: { 200: ProductSchema, ...errors },
      },
    },
    async (request) => {
      return catalog.updateProduct(ctx, request.params.id, request.body);
    },
  );

  const statusChanges = [
    ['withdraw', 'Withdraw a product (it stays, marked withdrawn)', catalog.withdrawProduct],
    ['restore', 'Put a withdrawn product back in the catalog', catalog.restoreProduct],
  ] as const;
  for (const [action, summary, change] of statusChanges) {
    app.post(
      `/operator/products/:id/${action}`,
      {
        schema: {
          ...operator,
          summary,
          params: IdParams,
          response: { 200: ProductSchema, ...errors },
        },
      },
      async (request) => {
        return change(ctx, request.params.id);
      },
    );
  }

  app.post(
    '/operator/products/:id/stock',
    {
      ...operatorOnly,
      schema: {
        ...operator,
        summary: 'Set the stock, or adjust it (409 insufficient_stock if it would go below zero)',
        params: IdParams,
        body: StockChangeSchema,
        response: { 200: ProductSchema, ...errors },
      },
    },
    async (request) => {
      return catalog.setStock(ctx, request.params.id, request.body);
    },
  );
}
