import { requestContext } from '#shared/audit/request-context.ts';
import type { App } from '#shared/http/create-app.ts';
import { ErrorEnvelopeSchema } from '#shared/http/envelope.ts';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '#shared/webhooks/signature.ts';
import type { CmsContext } from '../context.ts';
import { WebhookAnswerSchema } from './schemas.ts';
import { receiveAdminEvent } from './service.ts';
import { verifyEvent } from './verify.ts';

const header = (value: string | string[] | undefined) =>
  typeof value === 'string' ? value : undefined;

/**
 * The Admin's webhook. Register it in a scope of its own: it replaces the JSON parser there with one
 * that keeps the raw text, because the signature covers the bytes as sent, not a re-serialization.
 */
export function webhookRoutes(app: App, ctx: CmsContext): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) =>
    done(null, body),
  );

  app.post(
    '/webhooks/admin',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Trader approved or rejected in the Admin (HMAC-signed)',
        description:
          'Signed with `x-broker-signature: v1=HMAC-SHA256(WEBHOOK_SECRET, "<timestamp>.<body>")` ' +
          'and `x-broker-timestamp` (unix seconds, 5 minutes either way). A repeated event id answers ' +
          '200 with `duplicate: true` and changes nothing.',
        response: {
          200: WebhookAnswerSchema,
          401: ErrorEnvelopeSchema,
          404: ErrorEnvelopeSchema,
          422: ErrorEnvelopeSchema,
        },
      },
    },
    async (request) => {
      const event = verifyEvent(ctx.config.WEBHOOK_SECRET, {
        body: typeof request.body === 'string' ? request.body : '',
        timestamp: header(request.headers[TIMESTAMP_HEADER]),
        signature: header(request.headers[SIGNATURE_HEADER]),
        eventId: header(request.headers[EVENT_ID_HEADER]),
      });
      return receiveAdminEvent(ctx, event, requestContext(request));
    },
  );
}
