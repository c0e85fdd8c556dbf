import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpstreamFailed } from '#shared/errors.ts';
import { categories, json, startFakeAdmin } from './fake-admin.test-helpers.ts';

let fake: Awaited<ReturnType<typeof startFakeAdmin>>;
beforeAll(async () => {
  fake = await startFakeAdmin();
});
afterAll(() => fake.close());

const KEY = 'secret-trader-key';
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(UpstreamFailed);
      const { message } = error as Error;
      expect(message).not.toContain(KEY);
      expect(message).not.toContain('token-');
      return error as UpstreamFailed;
    },
  );

describe('admin client against a faulty upstream', () => {
  it('retries a 500 and then succeeds', async () => {
    fake.answer((_, res, hit) => (hit === 1 ? json(res, 500, {}) : json(res, 200, categories)));
    expect(await fake.client().listCategories(KEY)).toEqual(categories);
    expect(fake.state.hits).toBe(2);
    expect(fake.seen[1]).toMatchObject({ authorization: 'Bearer token-1', apiKey: KEY });
  });

  it('answers 502 after the retries when the Admin keeps failing', async () => {
    fake.answer((_, res) => json(res, 500, { error: 'boom' }));
    const error = await failure(fake.client({ retries: 2 }).listCategories(KEY));
    expect(error.status).toBe(502);
    expect(error.message).toBe('Admin API GET /categories failed (500).');
    expect(fake.state.hits).toBe(3);
  });

  it('answers 504 when the Admin hangs, after retrying', async () => {
    fake.answer(() => undefined);
    const error = await failure(fake.client({ timeoutMs: 100, retries: 1 }).listCategories(KEY));
    expect(error.status).toBe(504);
    expect(error.message).toContain('did not answer within 100 ms');
    expect(fake.state.hits).toBe(2);
  });

  it('answers 503 when the Admin is unreachable', async () => {
    const gone = await startFakeAdmin();
    await gone.close();
    const error = await failure(gone.client().listProducts(KEY));
    expect(error.status).toBe(503);
    expect(error.message).toContain('unreachable');
  });

  it('answers 502, without retrying, to malformed JSON or a wrong shape', async () => {
    fake.answer((_, res) => res.writeHead(200).end('{"items": ['));
    const malformed = await failure(fake.client().listCategories(KEY));
    expect(malformed).toMatchObject({ status: 502, code: 'upstream_error' });
    expect(malformed.message).toContain('malformed JSON');
    expect(fake.state.hits).toBe(1);

    fake.answer((_, res) => json(res, 200, { items: [{ id: 'one' }], next_cursor: null }));
    const wrong = await failure(fake.client().listCategories(KEY));
    expect(wrong.status).toBe(502);
    expect(wrong.message).toContain("unexpected shape at '/items/0");
  });

  it('does not leak an API key that comes back in a wrong shape', async () => {
    fake.answer((_, res) => json(res, 200, { id: 'x', status: 'ACTIVE', api_key: 42, leak: KEY }));
    await failure(fake.client().getTraderStatus('x'));
  });

  it('renews the token once when the Admin refuses it', async () => {
    fake.answer((req, res) =>
      req.headers.authorization === 'Bearer token-1'
        ? json(res, 401, { error: { code: 'unauthorized', message: 'expired' } })
        : json(res, 200, categories),
    );
    const client = fake.client();
    expect(await client.listCategories(KEY)).toEqual(categories);
    expect(await client.listCategories(KEY)).toEqual(categories);
    expect(fake.state.tokens).toBe(2);
    expect(fake.seen.map((call) => call.authorization)).toEqual([
      'Bearer token-1',
      'Bearer token-2',
      'Bearer token-2',
    ]);
  });

  it('gives up after one renewal, and does not renew for a refused API key', async () => {
    fake.answer((_, res) => json(res, 401, { error: { code: 'unauthorized', message: 'no' } }));
    const error = await failure(fake.client().listCategories(KEY));
    expect(error).toMatchObject({ status: 502, upstreamStatus: 401 });
    expect(fake.state.tokens).toBe(2);

    fake.answer((_, res) => json(res, 401, { error: { code: 'invalid_api_key', message: 'no' } }));
    await failure(fake.client().listCategories(KEY));
    expect([fake.state.tokens, fake.state.hits]).toEqual([1, 1]);
  });

  it('shares one token request among concurrent callers and renews it before expiry', async () => {
    fake.answer((_, res) => json(res, 200, categories));
    fake.state.tokenTtl = 1;
    const client = fake.client({ tokenMarginMs: 900 });
    await Promise.all([1, 2, 3, 4, 5].map(() => client.listCategories(KEY)));
    expect(fake.state.tokens).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 600));
    await client.listCategories(KEY);
    expect(fake.state.tokens).toBe(2);
    fake.state.tokenTtl = 900;
  });

  it('opens the breaker after repeated failures and then fails fast', async () => {
    fake.answer((_, res) => json(res, 503, {}));
    const client = fake.client({ retries: 0, breaker: { failures: 3, halfOpenAfterMs: 60_000 } });
    for (let i = 0; i < 3; i++)
      expect((await failure(client.listCategories(KEY))).status).toBe(502);
    expect(fake.state.hits).toBe(3);
    const fast = await failure(client.listCategories(KEY));
    expect(fast).toMatchObject({ status: 503, code: 'upstream_unavailable' });
    expect(fake.state.hits).toBe(3);
  });

  it('does not count a refusal (4xx) towards the breaker', async () => {
    fake.answer((_, res) => json(res, 404, { error: { code: 'not_found', message: 'no' } }));
    const client = fake.client({ retries: 0, breaker: { failures: 2, halfOpenAfterMs: 60_000 } });
    for (let i = 0; i < 4; i++) await failure(client.getOrder(KEY, 1));
    expect(fake.state.hits).toBe(4);
  });
});
