import { Type } from 'typebox';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp as buildCms } from '#cms/app.ts';
import { openDatabase } from '#shared/db/client.ts';
import { testConfig, useTestApp } from '#test/app.ts';

describe.each(['admin', 'cms', 'shop'] as const)('%s service frame', (service) => {
  const ctx = useTestApp(service);

  it('answers /healthz and /readyz', async () => {
    const health = await ctx.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });
    const ready = await ctx.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready' });
  });

  it('serves OpenAPI 3.1 JSON, Swagger UI and ReDoc from its own assets', async () => {
    const spec = await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(spec.statusCode).toBe(200);
    expect(spec.headers['content-type']).toMatch(/^application\/json/);
    expect(spec.json()).toMatchObject({ openapi: '3.1.0', info: { title: expect.any(String) } });
    expect(Object.keys(spec.json().paths)).toContain('/healthz');

    const docs = await ctx.app.inject({ method: 'GET', url: '/api/docs' });
    const page =
      docs.statusCode === 302
        ? await ctx.app.inject({ method: 'GET', url: docs.headers.location as string })
        : docs;
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('swagger-ui');
    expect(page.body).not.toMatch(/https?:\/\/(?!localhost)[^"']*\.js/);

    const redoc = await ctx.app.inject({ method: 'GET', url: '/api/redoc' });
    expect(redoc.statusCode).toBe(200);
    expect(redoc.body).toContain('<redoc spec-url="/api/openapi.json">');
    const bundle = await ctx.app.inject({ method: 'GET', url: '/api/redoc/redoc.standalone.js' });
    expect(bundle.statusCode).toBe(200);
    expect(bundle.body.length).toBeGreaterThan(100_000);
  });

  it('answers an unknown route with 404 in the envelope', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/v1/no-such-thing?x=1' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      error: { code: 'not_found', message: 'No route for GET /api/v1/no-such-thing.' },
    });
  });

  it('answers a URL the router cannot take in the envelope', async () => {
    const badUrl = await ctx.app.inject({ method: 'GET', url: '/api/v1/%ZZ' });
    expect(badUrl.statusCode).toBe(400);
    expect(badUrl.json()).toEqual({
      error: { code: 'bad_url', message: 'The URL is not validly percent-encoded.' },
    });
    if (service !== 'admin') return; // the one with a parametric route of its own from the start
    const longParam = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/products/${'9'.repeat(200)}`,
    });
    expect(longParam.statusCode).toBe(414);
    expect(longParam.json()).toEqual({
      error: { code: 'uri_too_long', message: 'A part of the URL is too long.' },
    });
  });
});

describe('request handling', () => {
  const ctx = useTestApp('cms');

  beforeAll(() => {
    // A route of the test's own, so the frame is tested without waiting for business features.
    ctx.app.post(
      '/test/echo/:id',
      {
        schema: {
          params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
          querystring: Type.Object({
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
          }),
          body: Type.Object(
            {
              email: Type.String({ format: 'email' }),
              quantity: Type.Integer({ minimum: 1 }),
              items: Type.Optional(
                Type.Array(Type.Object({ sku: Type.String() }, { additionalProperties: false })),
              ),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request) => ({
        id: request.params.id,
        limit: request.query.limit,
        body: request.body,
      }),
    );
    ctx.app.get('/test/boom', async () => {
      throw new Error('secret detail: relation "traders" at /srv/app.ts:12');
    });
  });

  const post = (payload: string, headers: Record<string, string> = {}) =>
    ctx.app.inject({
      method: 'POST',
      url: '/test/echo/7?limit=5',
      headers: { 'content-type': 'application/json', ...headers },
      payload,
    });

  it('accepts a valid request, coercing only path and query text', async () => {
    const response = await post(JSON.stringify({ email: 'a@example.com', quantity: 2 }));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      id: 7,
      limit: 5,
      body: { email: 'a@example.com', quantity: 2 },
    });
  });

  it('answers malformed JSON with 400 malformed_json', async () => {
    const response = await post('{"email": "a@example.com",');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('malformed_json');
  });

  it('answers a schema failure with 422 naming every field', async () => {
    const response = await post(
      JSON.stringify({ email: 'not-an-email', quantity: '2', role: 'admin', items: [{ sku: 1 }] }),
    );
    expect(response.statusCode).toBe(422);
    const { error } = response.json();
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'email', location: 'body', code: 'invalid_format' }),
        expect.objectContaining({ field: 'quantity', location: 'body', code: 'invalid_type' }),
        expect.objectContaining({ field: 'role', location: 'body', code: 'unknown_field' }),
        expect.objectContaining({ field: 'items.0.sku', location: 'body', code: 'invalid_type' }),
      ]),
    );
  });

  it('names missing fields and bad query or path values', async () => {
    const missing = await post(JSON.stringify({}));
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error.details).toEqual(
      expect.arrayContaining([
        { field: 'email', location: 'body', code: 'required', message: 'is required' },
        { field: 'quantity', location: 'body', code: 'required', message: 'is required' },
      ]),
    );
    const badQuery = await ctx.app.inject({
      method: 'POST',
      url: '/test/echo/0?limit=500',
      payload: { email: 'a@example.com', quantity: 1 },
    });
    expect(badQuery.statusCode).toBe(422);
    expect(badQuery.json().error.details[0]).toMatchObject({ field: 'id', location: 'params' });
  });

  it('refuses a body over the limit with 413 and a non-JSON body with 415', async () => {
    const huge = await post(
      JSON.stringify({ email: 'a@example.com', quantity: 1, pad: 'x'.repeat(2_000_000) }),
    );
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('payload_too_large');
    const text = await post('hello', { 'content-type': 'text/plain' });
    expect(text.statusCode).toBe(415);
    expect(text.json().error.code).toBe('unsupported_media_type');
  });

  it('hides the cause of a 500 and gives the request id instead', async () => {
    const response = await ctx.app.inject({
      method: 'GET',
      url: '/test/boom',
      headers: { 'x-request-id': 'trace-123' },
    });
    expect(response.statusCode).toBe(500);
    expect(response.headers['x-request-id']).toBe('trace-123');
    expect(response.json()).toEqual({
      error: {
        code: 'internal_error',
        message: 'Something went wrong on our side. Request id: trace-123.',
      },
    });
    expect(response.body).not.toContain('secret');
  });

  it('makes up a request id when the given one is unsafe', async () => {
    const response = await ctx.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'bad id\nwith newline' },
    });
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('readiness', () => {
  it('answers 503 when the database cannot be reached', async () => {
    const unreachable = await openDatabase({ url: 'postgres://nobody@127.0.0.1:1/none' });
    const app = await buildCms(testConfig(), { db: unreachable });
    try {
      const response = await app.inject({ method: 'GET', url: '/readyz' });
      expect(response.statusCode).toBe(503);
      expect(response.json().error.code).toBe('not_ready');
    } finally {
      await app.close();
      await unreachable.close();
    }
  });
});
