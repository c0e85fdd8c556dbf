import type { Config } from '#shared/config.ts';
import { expectShape, UpstreamRejected } from './failures.ts';
import {
  type Application,
  CategoryPageSchema,
  FiledApplicationSchema,
  InsufficientStockSchema,
  type NewOrder,
  OrderPageSchema,
  OrderSchema,
  type PlaceOrderResult,
  ProductPageSchema,
  StockListSchema,
  TokenSchema,
  TraderStatusAnswerSchema,
} from './schemas.ts';
import { createTokenCache } from './token.ts';
import {
  type AdminClientOptions,
  type AdminRequest,
  createTransport,
  labelOf,
} from './transport.ts';

export type { AdminClientOptions } from './transport.ts';
export type AdminClient = ReturnType<typeof createAdminClient>;
type AdminConfig = Pick<Config, 'ADMIN_API_BASE_URL' | 'ADMIN_CLIENT_ID' | 'ADMIN_CLIENT_SECRET'>;

// The Admin checks the token before the key, so these 401s say the token was good.
const KEY_REFUSALS = new Set(['missing_api_key', 'invalid_api_key']);
const tokenRefused = (error: unknown) =>
  error instanceof UpstreamRejected &&
  error.upstreamStatus === 401 &&
  !KEY_REFUSALS.has(error.upstreamCode ?? '');

/** Most ids the Admin's stock endpoint takes at once. */
const STOCK_BATCH = 100;

/**
 * The one client of the Admin API (DESIGN.md §3, §5). Every failure is an `UpstreamFailed`: 504 timed
 * out, 503 unreachable or breaker open, 502 a 5xx, a refusal or an answer of the wrong shape.
 */
export function createAdminClient(config: AdminConfig, options: AdminClientOptions = {}) {
  const send = createTransport(options.baseUrl ?? config.ADMIN_API_BASE_URL, options);
  const tokens = createTokenCache(async () => {
    const request = {
      method: 'POST',
      path: '/auth/token',
      body: {
        grant_type: 'client_credentials',
        client_id: config.ADMIN_CLIENT_ID,
        client_secret: config.ADMIN_CLIENT_SECRET,
      },
    } as const;
    return expectShape(TokenSchema, (await send(request)).body, labelOf(request));
  }, options.tokenMarginMs ?? 30_000);

  /** A call with the service token (and the trader's key); a refused token is renewed once. */
  async function call(request: AdminRequest, apiKey?: string) {
    const withAuth = (token: string): AdminRequest => ({
      ...request,
      headers: {
        ...request.headers,
        authorization: `Bearer ${token}`,
        ...(apiKey === undefined ? {} : { 'x-api-key': apiKey }),
      },
    });
    const token = await tokens.get();
    try {
      return await send(withAuth(token));
    } catch (error) {
      if (!tokenRefused(error)) throw error;
      tokens.invalidate(token);
      return send(withAuth(await tokens.get()));
    }
  }

  async function read<T extends Parameters<typeof expectShape>[0]>(
    schema: T,
    request: AdminRequest,
    apiKey?: string,
  ) {
    return expectShape(schema, (await call(request, apiKey)).body, labelOf(request));
  }

  return {
    /** Files (or re-files: idempotent on external_ref) a trader's application. */
    fileApplication: (application: Application) =>
      read(FiledApplicationSchema, { method: 'POST', path: '/traders', body: application }),

    /** PENDING, ACTIVE (with the API key until the CMS has fetched it) or REJECTED with a reason. */
    getTraderStatus: (adminTraderId: string) =>
      read(TraderStatusAnswerSchema, {
        method: 'GET',
        path: `/traders/${encodeURIComponent(adminTraderId)}`,
      }),

    listCategories: (apiKey: string) =>
      read(CategoryPageSchema, { method: 'GET', path: '/categories' }, apiKey),

    /** One page of products changed since `updated_since`, withdrawn ones included. */
    listProducts: (
      apiKey: string,
      query: { updated_since?: string; cursor?: string; limit?: number } = {},
    ) => read(ProductPageSchema, { method: 'GET', path: '/products', query }, apiKey),

    /** Live stock of the given products; unknown ids are absent from the answer. */
    async getStock(apiKey: string, ids: readonly number[]) {
      const items = [];
      for (let start = 0; start < ids.length; start += STOCK_BATCH) {
        const batch = ids.slice(start, start + STOCK_BATCH).join(',');
        const page = await read(
          StockListSchema,
          { method: 'GET', path: '/stock', query: { ids: batch } },
          apiKey,
        );
        items.push(...page.items);
      }
      return items;
    },

    /** Short stock is an answer (`ok: false`), not an error. The same key replays the first answer. */
    async placeOrder(
      apiKey: string,
      idempotencyKey: string,
      order: NewOrder,
    ): Promise<PlaceOrderResult> {
      const request: AdminRequest = {
        method: 'POST',
        path: '/orders',
        body: order,
        headers: { 'idempotency-key': idempotencyKey },
        accept: [409],
      };
      const answer = await call(request, apiKey);
      const label = labelOf(request);
      if (answer.status === 409) {
        const short = expectShape(InsufficientStockSchema, answer.body, label);
        return { ok: false, reason: 'insufficient_stock', details: short.error.details ?? [] };
      }
      const placed = expectShape(OrderSchema, answer.body, label);
      const replayed = answer.headers.get('idempotent-replayed') === 'true';
      return { ok: true, order: placed, replayed };
    },

    /** One page of the trader's orders changed since `updated_since`, oldest change first. */
    listOrders: (
      apiKey: string,
      query: { updated_since?: string; cursor?: string; limit?: number } = {},
    ) => read(OrderPageSchema, { method: 'GET', path: '/orders', query }, apiKey),

    getOrder: (apiKey: string, id: number) =>
      read(OrderSchema, { method: 'GET', path: `/orders/${id}` }, apiKey),
  };
}
