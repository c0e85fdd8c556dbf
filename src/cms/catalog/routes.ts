import { requestContext } from '#shared/audit/request-context.ts';
import { sendCsv } from '#shared/csv.ts';
import type { App } from '#shared/http/create-app.ts';
import { ErrorEnvelopeSchema } from '#shared/http/envelope.ts';
import { asTrader, traderOf } from '../auth/guards.ts';
import type { CmsContext } from '../context.ts';
import { reorderCatalog, setCatalogVisibility } from './bulk.ts';
import { readOnlyAwareErrors } from './read-only.ts';
import {
  BulkVisibilityResultSchema,
  BulkVisibilitySchema,
  CatalogPageSchema,
  CatalogProductSchema,
  ProductExportQuery,
  ProductListQuery,
  ProductParams,
  ProductPatchSchema,
  ReorderResultSchema,
  ReorderSchema,
} from './schemas.ts';
import { exportCatalog, getCatalogProduct, listCatalog, updateCatalogProduct } from './service.ts';

const tags = ['catalog'];
const security = [{ bearer: [] }];
const errors = { 401: ErrorEnvelopeSchema, 403: ErrorEnvelopeSchema, 422: ErrorEnvelopeSchema };
const withNotFound = { ...errors, 404: ErrorEnvelopeSchema };

export function catalogRoutes(app: App, ctx: CmsContext): void {
  const active = asTrader(ctx);

  app.get(
    '/trader/products',
    {
      ...active,
      schema: {
        tags,
        security,
        summary: "The trader's catalog: central fields merged with the trader's own",
        querystring: ProductListQuery,
        response: { 200: CatalogPageSchema, ...errors },
      },
    },
    async (request) => listCatalog(ctx, traderOf(request).id, request.query),
  );

  app.get(
    '/trader/products/export.csv',
    {
      ...active,
      schema: {
        tags,
        security,
        summary: 'The whole catalog as CSV, with the same filters and sort as the list',
        querystring: ProductExportQuery,
      },
    },
    async (request, reply) =>
      sendCsv(reply, 'catalog', exportCatalog(ctx, traderOf(request).id, request.query)),
  );

  app.get(
    '/trader/products/:id',
    {
      ...active,
      schema: {
        tags,
        security,
        summary: 'One product of the catalog',
        params: ProductParams,
        response: { 200: CatalogProductSchema, ...withNotFound },
      },
    },
    async (request) => getCatalogProduct(ctx, traderOf(request).id, request.params.id),
  );

  app.patch(
    '/trader/products/:id',
    {
      ...active,
      schemaErrorFormatter: readOnlyAwareErrors,
      schema: {
        tags,
        security,
        summary: "Change the trader's own fields of a product",
        params: ProductParams,
        body: ProductPatchSchema,
        response: { 200: CatalogProductSchema, ...withNotFound },
      },
    },
    async (request) =>
      updateCatalogProduct(
        ctx,
        traderOf(request).id,
        request.params.id,
        request.body,
        requestContext(request),
      ),
  );

  app.post(
    '/trader/products/bulk',
    {
      ...active,
      schema: {
        tags,
        security,
        summary: 'Show or hide many products at once (all or nothing)',
        body: BulkVisibilitySchema,
        response: { 200: BulkVisibilityResultSchema, ...withNotFound },
      },
    },
    async (request) =>
      setCatalogVisibility(ctx, traderOf(request).id, request.body, requestContext(request)),
  );

  app.post(
    '/trader/products/reorder',
    {
      ...active,
      schema: {
        tags,
        security,
        summary: 'Put products first, in the given order',
        body: ReorderSchema,
        response: { 200: ReorderResultSchema, ...withNotFound },
      },
    },
    async (request) =>
      reorderCatalog(ctx, traderOf(request).id, request.body.product_ids, requestContext(request)),
  );
}
