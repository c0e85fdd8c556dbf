import { Badge, EmptyState, Pager, Tabs } from '#shared/html/components.tsx';
import { withQuery } from '#shared/html/forms.ts';
import type { Flash } from '#shared/session/flash.ts';
import { ORDER_STATUS, type Order, type OrderStatus } from '../orders/schemas.ts';
import { NEXT_STATUSES } from '../orders/service.ts';
import { formatMoney, formatTime, shortId } from './format.ts';
import { ConsolePage } from './layout.tsx';
import { RowForm, RowNote } from './row-form.tsx';
import type { ConsoleView } from './web.ts';

export interface OrderFilter {
  readonly status: OrderStatus | undefined;
  readonly trader_id: string | undefined;
  readonly cursor: string | undefined;
}

const LABELS: Record<OrderStatus, string> = {
  PENDING: 'Pending',
  CONFIRMED: 'Confirm',
  SHIPPED: 'Mark shipped',
  DELIVERED: 'Mark delivered',
  CANCELLED: 'Cancel (stock goes back)',
};

export const orderRowId = (id: number) => `order-${id}`;

export function OrdersPage(props: {
  view: ConsoleView;
  items: readonly Order[];
  nextCursor: string | null;
  filter: OrderFilter;
}) {
  const { view, filter } = props;
  const tabs = [undefined, ...ORDER_STATUS].map((status) => ({
    href: withQuery('/orders', { status, trader_id: filter.trader_id }),
    label: status ? status.charAt(0) + status.slice(1).toLowerCase() : 'All',
    current: status === filter.status,
  }));
  return (
    <ConsolePage view={view} title="Orders" section="/orders">
      <div class="page-head">
        <h1>Orders</h1>
        {filter.trader_id && (
          <p>
            Trader <span class="mono">{shortId(filter.trader_id)}</span> only ·{' '}
            <a href={withQuery('/orders', { status: filter.status })}>all traders</a>
          </p>
        )}
      </div>
      <Tabs label="Filter by status" tabs={tabs} />
      {props.items.length === 0 ? (
        <div class="panel">
          <EmptyState
            title={filter.status ? `No ${filter.status.toLowerCase()} orders.` : 'No orders yet.'}
          >
            <p>Orders arrive when customers check out in a trader's shop.</p>
          </EmptyState>
        </div>
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">Orders, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Trader</th>
                <th scope="col">Items</th>
                <th scope="col" class="num">
                  Total
                </th>
                <th scope="col">Status</th>
                <th scope="col">Next step</th>
              </tr>
            </thead>
            <tbody>
              {props.items.map((order) => (
                <OrderRow key={order.id} order={order} csrf={view.csrf} returnTo={view.url} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager
        firstHref={
          filter.cursor ? withQuery('/orders', { ...filter, cursor: undefined }) : undefined
        }
        nextHref={
          props.nextCursor
            ? withQuery('/orders', { ...filter, cursor: props.nextCursor })
            : undefined
        }
      />
    </ConsolePage>
  );
}

/** One order; its form offers only the moves the order may make from where it is. */
export function OrderRow(props: { order: Order; csrf: string; returnTo: string; note?: Flash }) {
  const { order, note } = props;
  const next = NEXT_STATUSES[order.status];
  const action = `/orders/${order.id}/status`;
  const rowClass = note ? (note.kind === 'error' ? 'row-error' : 'row-saved') : undefined;
  return (
    <tr id={orderRowId(order.id)} class={rowClass}>
      <td>
        <span class="mono">{order.number}</span>
        <span class="sub">{formatTime(order.created_at)}</span>
      </td>
      <td>
        <a
          href={withQuery('/orders', { trader_id: order.trader_id })}
          title={order.trader_id}
          class="mono"
        >
          {shortId(order.trader_id)}
        </a>
        <span class="sub">Customer {order.customer_ref}</span>
      </td>
      <td>
        {order.items.map((item) => (
          <span key={item.product_id} class="sub">
            {item.quantity} × {item.name}
          </span>
        ))}
      </td>
      <td class="num">{formatMoney(order.total, order.currency)}</td>
      <td>
        <Badge status={order.status} />
      </td>
      <td>
        {next.length === 0 ? (
          <span class="hint">Final</span>
        ) : (
          <RowForm
            action={action}
            csrf={props.csrf}
            returnTo={props.returnTo}
            label={`Next status of order ${order.number}`}
            inputId={`status-${order.id}`}
          >
            <select id={`status-${order.id}`} name="status">
              {next.map((status) => (
                <option key={status} value={status}>
                  {LABELS[status]}
                </option>
              ))}
            </select>
            <button type="submit" id={`save-status-${order.id}`}>
              Update
            </button>
          </RowForm>
        )}
        <RowNote note={note} />
      </td>
    </tr>
  );
}
