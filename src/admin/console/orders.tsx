import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NotFound } from '#shared/errors.ts';
import { describeError } from '#shared/html/errors.ts';
import { asForm, text } from '#shared/html/forms.ts';
import { isHtmx, redirectAfterPost, sendFragment, sendPage } from '#shared/html/render.ts';
import { validateForm } from '#shared/html/validate.ts';
import type { Flash } from '#shared/session/flash.ts';
import type { AdminContext } from '../context.ts';
import { ORDER_STATUS, type Order, type OrderStatus, TransitionSchema } from '../orders/schemas.ts';
import * as orders from '../orders/service.ts';
import { queryOf, returnTo } from './actions.ts';
import { isUuid, positiveId } from './format.ts';
import { type OrderFilter, OrderRow, OrdersPage, orderRowId } from './orders-view.tsx';
import type { ConsoleWeb } from './web.ts';

const PAGE_SIZE = 20;

/** Unknown filters from an edited URL are dropped rather than refused. */
function filterOf(query: Record<string, string>): OrderFilter {
  const status = ORDER_STATUS.find((s) => s === query.status) as OrderStatus | undefined;
  const traderId = query.trader_id && isUuid(query.trader_id) ? query.trader_id : undefined;
  return { status, trader_id: traderId, cursor: query.cursor || undefined };
}

function orderId(request: FastifyRequest): number {
  const id = positiveId((request.params as { id: string }).id);
  if (id === null) throw new NotFound('Order');
  return id;
}

export function orderPages(app: FastifyInstance, ctx: AdminContext, web: ConsoleWeb): void {
  app.get('/orders', async (request, reply) => {
    const filter = filterOf(queryOf(request.url));
    const page = await orders.listAllOrders(ctx, { ...filter, limit: PAGE_SIZE });
    const view = web.view(request, reply);
    return sendPage(
      reply,
      <OrdersPage view={view} items={page.items} nextCursor={page.next_cursor} filter={filter} />,
    );
  });

  app.post('/orders/:id/status', async (request, reply) => {
    const id = orderId(request);
    const form = asForm(request.body);
    const back = returnTo(form, '/orders');
    let order: Order;
    let note: Flash;
    let status = 200;
    try {
      const change = validateForm(TransitionSchema, { status: text(form, 'status') });
      order = await orders.transitionOrder(ctx, id, change.status);
      note = { kind: 'success', text: `Order ${order.number} is now ${order.status}.` };
    } catch (error) {
      const problem = describeError(error);
      if (problem.status >= 500) throw error;
      order = await orders.getOrder(ctx, id);
      note = { kind: 'error', text: problem.message };
      status = problem.status;
    }
    if (!isHtmx(request)) {
      web.flashes.set(reply, note);
      return redirectAfterPost(reply, `${back}#${orderRowId(id)}`);
    }
    const row = <OrderRow order={order} csrf={web.csrf(request)} returnTo={back} note={note} />;
    return sendFragment(reply, row, status);
  });
}
