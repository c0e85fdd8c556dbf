import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFound } from '#shared/errors.ts';
import { asForm, text } from '#shared/html/forms.ts';
import { sendPage } from '#shared/html/render.ts';
import { validateForm } from '#shared/html/validate.ts';
import type { AdminContext } from '../context.ts';
import { RejectionSchema } from '../traders/schemas.ts';
import * as traders from '../traders/service.ts';
import { actAndReturn, queryOf, returnTo } from './actions.ts';
import { isUuid } from './format.ts';
import { TRADER_STATUSES, type TraderStatus, TradersPage } from './traders-view.tsx';
import type { ConsoleWeb } from './web.ts';

const PAGE_SIZE = 20;

/** An unknown status shows every trader rather than an error: it came from an edited URL. */
function listQuery(query: Record<string, string>) {
  const status = TRADER_STATUSES.find((s) => s === query.status) as TraderStatus | undefined;
  const cursor = typeof query.cursor === 'string' && query.cursor ? query.cursor : undefined;
  return { status, cursor };
}

function traderId(request: FastifyRequest): string {
  const { id } = request.params as { id: string };
  if (!isUuid(id)) throw new NotFound('Trader');
  return id;
}

export function traderPages(app: FastifyInstance, ctx: AdminContext, web: ConsoleWeb): void {
  const renderList = async (
    request: FastifyRequest,
    reply: FastifyReply,
    url: string,
    approvedKey?: string,
  ) => {
    const { status, cursor } = listQuery(queryOf(url));
    const page = await traders.listTraders(ctx, { status, cursor, limit: PAGE_SIZE });
    const view = web.view(request, reply);
    return sendPage(
      reply,
      <TradersPage
        view={{ ...view, url }}
        items={page.items}
        nextCursor={page.next_cursor}
        status={status}
        cursor={cursor}
        {...(approvedKey ? { approvedKey } : {})}
      />,
    );
  };

  app.get('/', async (_request, reply) => reply.redirect('/traders'));

  app.get('/traders', async (request, reply) => renderList(request, reply, request.url));

  // Answered with the list itself rather than a redirect: the new key must not sit in a cookie or a
  // URL on its way to the next page.
  app.post('/traders/:id/approve', async (request, reply) => {
    const back = returnTo(asForm(request.body), '/traders');
    let apiKey: string;
    try {
      apiKey = (await traders.approveTrader(ctx, traderId(request))).api_key;
    } catch (error) {
      return actAndReturn(reply, web, back, () => Promise.reject(error));
    }
    return renderList(request, reply, back, apiKey);
  });

  app.post('/traders/:id/reject', async (request, reply) => {
    const form = asForm(request.body);
    return actAndReturn(reply, web, returnTo(form, '/traders'), async () => {
      const { reason } = validateForm(
        RejectionSchema,
        { reason: text(form, 'reason') },
        { reason: 'needs a few words for the trader (up to 1000 characters)' },
      );
      const trader = await traders.rejectTrader(ctx, traderId(request), reason);
      return `The application of ${trader.business_name} is rejected.`;
    });
  });
}
