import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { testConfig } from '#test/app.ts';
import { createAdminClient } from './client.ts';
import type { AdminClientOptions } from './transport.ts';

type Handler = (request: IncomingMessage, response: ServerResponse, hit: number) => void;

/**
 * A misbehaving Admin of the test's own: it hands out tokens `token-1`, `token-2`… and answers every
 * other request with the handler of the moment, counting hits.
 */
export async function startFakeAdmin() {
  const state = { handler: (() => undefined) as Handler, hits: 0, tokens: 0, tokenTtl: 900 };
  const seen: { path: string; authorization?: string; apiKey?: string }[] = [];
  const server = createServer((request, response) => {
    request.resume();
    if (request.url?.endsWith('/auth/token')) {
      state.tokens++;
      const token = {
        access_token: `token-${state.tokens}`,
        token_type: 'bearer',
        expires_in: state.tokenTtl,
      };
      return json(response, 200, token);
    }
    state.hits++;
    seen.push({
      path: request.url ?? '',
      authorization: request.headers.authorization,
      apiKey: request.headers['x-api-key'] as string | undefined,
    });
    state.handler(request, response, state.hits);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    state,
    seen,
    baseUrl: `http://127.0.0.1:${port}/api/v1`,
    answer(handler: Handler) {
      state.handler = handler;
      state.hits = 0;
      state.tokens = 0;
      seen.length = 0;
    },
    client(options: AdminClientOptions = {}) {
      return createAdminClient(testConfig(), { ...fastOptions, baseUrl: this.baseUrl, ...options });
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export const fastOptions: AdminClientOptions = {
  timeoutMs: 500,
  retries: 2,
  backoff: { initialMs: 1, maxMs: 5 },
  breaker: { failures: 50, halfOpenAfterMs: 60_000 },
};

export function json(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

export const categories = { items: [], next_cursor: null };
