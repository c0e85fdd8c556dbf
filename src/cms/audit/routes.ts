import { sendCsv } from '#shared/csv.ts';
import type { App } from '#shared/http/create-app.ts';
import { ErrorEnvelopeSchema } from '#shared/http/envelope.ts';
import { asTrader, traderOf } from '../auth/guards.ts';
import type { CmsContext } from '../context.ts';
import { AuditExportQuery, AuditPageSchema, AuditQuery } from './schemas.ts';
import { exportAuditLog, listAuditLog } from './service.ts';

const tags = ['audit'];
const security = [{ bearer: [] }];
const errors = { 401: ErrorEnvelopeSchema, 403: ErrorEnvelopeSchema, 422: ErrorEnvelopeSchema };

export function auditRoutes(app: App, ctx: CmsContext): void {
  const active = asTrader(ctx);

  app.get(
    '/trader/audit-logs',
    {
      ...active,
      schema: {
        tags,
        security,
        summary: "The trader's own audit log, newest first",
        querystring: AuditQuery,
        response: { 200: AuditPageSchema, ...errors },
      },
    },
    async (request) => listAuditLog(ctx, traderOf(request).id, request.query),
  );

  app.get(
    '/trader/audit-logs/export.csv',
    {
      ...active,
      schema: { tags, security, summary: 'The same, as CSV', querystring: AuditExportQuery },
    },
    async (request, reply) =>
      sendCsv(reply, 'audit-log', exportAuditLog(ctx, traderOf(request).id, request.query)),
  );
}
