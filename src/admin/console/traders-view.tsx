import {
  Badge,
  CsrfField,
  EmptyState,
  FlashMessage,
  Pager,
  Tabs,
} from '#shared/html/components.tsx';
import { withQuery } from '#shared/html/forms.ts';
import type { Trader } from '../traders/schemas.ts';
import { formatTime } from './format.ts';
import { ConsolePage } from './layout.tsx';
import type { ConsoleView } from './web.ts';

export const TRADER_STATUSES = ['PENDING', 'ACTIVE', 'REJECTED'] as const;
export type TraderStatus = (typeof TRADER_STATUSES)[number];

export interface TradersPageProps {
  readonly view: ConsoleView;
  readonly items: readonly Trader[];
  readonly nextCursor: string | null;
  readonly status: TraderStatus | undefined;
  readonly cursor: string | undefined;
  /** The key of a trader approved by this very request: shown this once, never stored in clear. */
  readonly approvedKey?: string;
}

export function TradersPage(props: TradersPageProps) {
  const { view, status } = props;
  const tabs = [undefined, ...TRADER_STATUSES].map((s) => ({
    href: withQuery('/traders', { status: s }),
    label: s ? s.charAt(0) + s.slice(1).toLowerCase() : 'All',
    current: s === status,
  }));
  return (
    <ConsolePage view={view} title="Traders" section="/traders">
      <h1>Traders</h1>
      {props.approvedKey && (
        <FlashMessage flash={{ kind: 'success', text: 'Trader approved. Their API key:' }}>
          <code class="secret">{props.approvedKey}</code>
          It is shown only this once; only its hash is stored. The Trader CMS receives it on its
          own, so you only need it to hand over by other means.
        </FlashMessage>
      )}
      <Tabs label="Filter by status" tabs={tabs} />
      {props.items.length === 0 ? (
        <div class="panel">
          <EmptyState title={status ? `No ${status.toLowerCase()} traders.` : 'No traders yet.'}>
            <p>Applications appear here when traders register in the Trader CMS.</p>
          </EmptyState>
        </div>
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">Traders, newest application first</caption>
            <thead>
              <tr>
                <th scope="col">Business</th>
                <th scope="col">Status</th>
                <th scope="col">Applied</th>
                <th scope="col">API key</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {props.items.map((trader) => (
                <TraderRow key={trader.id} trader={trader} view={view} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager
        firstHref={props.cursor ? withQuery('/traders', { status }) : undefined}
        nextHref={
          props.nextCursor ? withQuery('/traders', { status, cursor: props.nextCursor }) : undefined
        }
      />
    </ConsolePage>
  );
}

function TraderRow({ trader, view }: { trader: Trader; view: ConsoleView }) {
  const canApprove = trader.status !== 'ACTIVE';
  return (
    <tr id={`trader-${trader.id}`}>
      <td>
        {trader.business_name}
        <span class="sub">{trader.email}</span>
      </td>
      <td>
        <Badge status={trader.status} />
        {trader.rejection_reason && <span class="sub">{trader.rejection_reason}</span>}
      </td>
      <td>{formatTime(trader.created_at)}</td>
      <td class="mono">{trader.api_key_prefix ? `${trader.api_key_prefix}…` : '—'}</td>
      <td>
        <div class="actions">
          {canApprove && (
            <form method="post" action={`/traders/${trader.id}/approve`} class="inline-form">
              <CsrfField token={view.csrf} />
              <input type="hidden" name="return_to" value={view.url} />
              <button
                type="submit"
                class="btn-primary"
                aria-label={`Approve ${trader.business_name}`}
              >
                Approve
              </button>
            </form>
          )}
          {trader.status === 'PENDING' && (
            <details>
              <summary>Reject…</summary>
              <form method="post" action={`/traders/${trader.id}/reject`} class="stack">
                <CsrfField token={view.csrf} />
                <input type="hidden" name="return_to" value={view.url} />
                <label for={`reason-${trader.id}`}>Reason (sent to the trader)</label>
                <textarea id={`reason-${trader.id}`} name="reason" required maxLength={1000} />
                <button type="submit" class="btn-danger">
                  Reject application
                </button>
              </form>
            </details>
          )}
          {!canApprove && <span class="hint">Approved {formatTime(trader.decided_at)}</span>}
        </div>
      </td>
    </tr>
  );
}
