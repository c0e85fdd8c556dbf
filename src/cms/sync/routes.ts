import { requestContext } from '#shared/audit/request-context.ts';
import type { App } from '#shared/http/create-app.ts';
import { ErrorEnvelopeSchema } from '#shared/http/envelope.ts';
import { asTrader, traderOf } from '../auth/guards.ts';
import type { CmsContext } from '../context.ts';
import {
  RunParams,
  RunsQuery,
  SyncQuery,
  SyncResultSchema,
  SyncRunPageSchema,
  SyncRunSchema,
} from './schemas.ts';
import { getSyncRun, listSyncRuns, present, syncProducts } from './service.ts';

const tags = ['sync'];
const security = [{ bearer: [] }];
const errors = { 401: ErrorEnvelopeSchema, 403: ErrorEnvelopeSchema, 422: ErrorEnvelopeSchema };
const upstream = { 502: ErrorEnvelopeSchema, 503: ErrorEnvelopeSchema, 504: ErrorEnvelopeSchema };

export function syncRoutes(app: App, ctx: CmsContext): void {
  const active = asTrader(ctx);

  app.post(
    '/sync/products',
    {
      ...active,
      schema: {
        tags,
        security,
        summary: "Pull the Admin's catalog into yours",
        description:
          'Changes since the last sync, or everything with `full=true`. New products arrive hidden at ' +
          'the end of your order; your own fields are never overwritten. Answers when the run is ' +
          'done; `GET /sync/runs/{id}` shows its progress meanwhile. If the Admin fails, nothing ' +
          'changes and the answer is 502, 503 or 504.',
        querystring: SyncQuery,
        response: { 200: SyncResultSchema, 409: ErrorEnvelopeSchema, ...errors, ...upstream },
      },
    },
    async (request) => {
      const trader = traderOf(request);
      const run = await syncProducts(
        ctx,
        { traderId: trader.id, context: requestContext(request) },
        { full: request.query.full },
      );
      const shown = present(run);
      return { run_id: shown.id, ...shown };
    },
  );

  app.get(
    '/sync/runs',
    {
      ...active,
      schema: {
        tags,
        security,
        summary: 'Your sync runs, newest first',
        querystring: RunsQuery,
        response: { 200: SyncRunPageSchema, ...errors },
      },
    },
    async (request) => listSyncRuns(ctx, traderOf(request).id, request.query),
  );

  app.get(
    '/sync/runs/:id',
    {
      ...active,
      schema: {
        tags,
        security,
        summary: 'One sync run, with live progress while it runs',
        params: RunParams,
        response: { 200: SyncRunSchema, 404: ErrorEnvelopeSchema, ...errors },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return getSyncRun(ctx, traderOf(request).id, request.params.id);
    },
  );
}
