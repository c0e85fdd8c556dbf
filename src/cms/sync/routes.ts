import { requestContext } from '#shared/audit/request-context.ts';
import type { App } from '#shared/http/create-app.ts';
import { ErrorEnvelopeSchema } from '#shared/http/envelope.ts';
import { asTrader, traderOf } from '../auth/guards.ts';
import type { CmsContext } from '../context.ts';
import {
  RunParams,
  RunsQuery,
  SyncHeaders,
  SyncQuery,
  SyncResultSchema,
  SyncRunPageSchema,
  SyncRunSchema,
} from './schemas.ts';
import { getSyncRun, listSyncRuns, present, startSync } from './service.ts';

const tags = ['sync'];
const security = [{ bearer: [] }];
const errors = { 401: ErrorEnvelopeSchema, 403: ErrorEnvelopeSchema, 422: ErrorEnvelopeSchema };
const upstream = { 502: ErrorEnvelopeSchema, 503: ErrorEnvelopeSchema, 504: ErrorEnvelopeSchema };

export function syncRoutes(app: App, ctx: CmsContext): void {
  const active = asTrader(ctx);

  // Runs answered early (Prefer: respond-async) finish before the service closes.
  const background = new Set<Promise<unknown>>();
  app.addHook('onClose', async () => {
    await Promise.allSettled(background);
  });

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
          'done; with `Prefer: respond-async` it answers 202 at once, with the run to follow at ' +
          '`Location` (`GET /sync/runs/{id}`: phase, processed, total). If the Admin fails, nothing ' +
          'changes and the answer is 502, 503 or 504 (or the run ends `failed` with the reason).',
        querystring: SyncQuery,
        headers: SyncHeaders,
        response: {
          200: SyncResultSchema,
          202: SyncResultSchema,
          409: ErrorEnvelopeSchema,
          ...errors,
          ...upstream,
        },
      },
    },
    async (request, reply) => {
      const trader = traderOf(request);
      const { run, done } = await startSync(
        ctx,
        { traderId: trader.id, context: requestContext(request) },
        { full: request.query.full },
      );
      const answer = (row: typeof run) => ({ run_id: row.id, ...present(row) });
      if (!/\brespond-async\b/i.test(request.headers.prefer ?? '')) return answer(await done);
      // The run records its own outcome; nobody else waits for this promise.
      const settled = done.catch(() => undefined).finally(() => background.delete(settled));
      background.add(settled);
      return reply
        .code(202)
        .header('location', `${request.url.split('/sync/')[0]}/sync/runs/${run.id}`)
        .header('preference-applied', 'respond-async')
        .send(answer(run));
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
