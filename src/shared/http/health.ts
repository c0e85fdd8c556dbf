import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { ErrorEnvelopeSchema } from './envelope.ts';

const StatusSchema = Type.Object({ status: Type.String() });

/** `/healthz`: the process answers. `/readyz`: and every database it needs takes queries. */
export function registerHealth(app: FastifyInstance, checks: readonly (() => Promise<boolean>)[]) {
  const tags = ['health'];
  app.get('/healthz', { schema: { tags, response: { 200: StatusSchema } } }, async () => ({
    status: 'ok',
  }));
  app.get(
    '/readyz',
    { schema: { tags, response: { 200: StatusSchema, 503: ErrorEnvelopeSchema } } },
    async (_request, reply) => {
      const results = await Promise.all(checks.map((check) => check()));
      if (results.every(Boolean)) return { status: 'ready' };
      return reply.status(503).send({
        error: { code: 'not_ready', message: 'The database is not reachable.' },
      });
    },
  );
}
