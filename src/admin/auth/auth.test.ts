import { createHmac, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { tokenIssuer } from '#shared/auth/tokens.ts';
import { queryRows } from '#shared/db/client.ts';
import { activeTrader, bearer, operatorToken, serviceToken } from '#test/admin.ts';
import { testConfig, useTestApp } from '#test/app.ts';
import { adminContext } from '../app.ts';
import { ADMIN_ISSUER, OPERATOR_AUDIENCE, SERVICE_AUDIENCE } from '../context.ts';
import { asTrader, requireTrader, traderOf } from './guards.ts';
import { createOperator, ensureFirstOperator } from './service.ts';

const config = testConfig();
const TOKEN_URL = '/api/v1/auth/token';
const LOGIN_URL = '/api/v1/operator/auth/login';
/** A service-token route: a valid token gets past the guard to a 404 for this unknown trader. */
const SERVICE_ROUTE = `/api/v1/traders/${randomUUID()}`;
/** An operator-token route: a valid token gets the (empty) list. */
const OPERATOR_ROUTE = '/api/v1/operator/traders';

const credentials = {
  grant_type: 'client_credentials',
  client_id: config.ADMIN_CLIENT_ID,
  client_secret: config.ADMIN_CLIENT_SECRET,
};

/** A hand-made JWT, so each test can break exactly one thing about it. */
function jwt(
  payload: Record<string, unknown>,
  options: { alg?: string; secret?: string; hash?: 'sha256' | 'sha384' | 'sha512' | null } = {},
): string {
  const { alg = 'HS256', secret = config.JWT_SECRET_KEY, hash = 'sha256' } = options;
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const input = `${encode({ alg, typ: 'JWT' })}.${encode(payload)}`;
  const signature = hash ? createHmac(hash, secret).update(input).digest('base64url') : '';
  return `${input}.${signature}`;
}

function claims(audience: string, overrides: Record<string, unknown> = {}) {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: ADMIN_ISSUER,
    aud: audience,
    sub: config.ADMIN_CLIENT_ID,
    jti: randomUUID(),
    iat: now,
    exp: now + 600,
    ...overrides,
  };
}

function decodePayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
}

describe('POST /auth/token (client credentials)', () => {
  const ctx = useTestApp('admin');

  it('issues a service token for JSON credentials, and the token opens service routes', async () => {
    const response = await ctx.app.inject({ method: 'POST', url: TOKEN_URL, payload: credentials });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const body = response.json();
    expect(body).toEqual({
      access_token: expect.any(String),
      token_type: 'bearer',
      expires_in: 900,
    });
    const payload = decodePayload(body.access_token);
    expect(payload).toMatchObject({
      iss: ADMIN_ISSUER,
      aud: SERVICE_AUDIENCE,
      sub: config.ADMIN_CLIENT_ID,
    });
    expect(Number(payload.exp) - Number(payload.iat)).toBe(900);

    const call = await ctx.app.inject({
      method: 'GET',
      url: SERVICE_ROUTE,
      headers: bearer(body.access_token),
    });
    expect(call.statusCode).toBe(404);
  });

  it('issues a service token for form-encoded credentials (RFC 6749 §4.4.2)', async () => {
    const response = await ctx.app.inject({
      method: 'POST',
      url: TOKEN_URL,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(credentials).toString(),
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 900 });
    expect(decodePayload(body.access_token).aud).toBe(SERVICE_AUDIENCE);
  });

  it('takes form-encoded bodies on the token endpoint only', async () => {
    const token = await serviceToken(ctx.app);
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/traders',
      headers: { ...bearer(token), 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'email=a%40example.com&business_name=Shop&external_ref=x',
    });
    expect(response.statusCode).toBe(415);
    expect(response.json().error.code).toBe('unsupported_media_type');
  });

  it.each([
    ['a wrong secret', { client_secret: `${credentials.client_secret}x` }],
    ['an unknown client', { client_id: 'someone-else' }],
    ['a secret that is a prefix of the real one', { client_secret: 'dev-only' }],
  ])('refuses %s with 401 invalid_client', async (_, change) => {
    const response = await ctx.app.inject({
      method: 'POST',
      url: TOKEN_URL,
      payload: { ...credentials, ...change },
    });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({
      error: { code: 'invalid_client', message: 'Unknown client or wrong secret.' },
    });
    expect(response.body).not.toContain('access_token');
  });

  it('refuses another grant type with 400 unsupported_grant_type', async () => {
    for (const grant of ['password', 'authorization_code', '']) {
      const response = await ctx.app.inject({
        method: 'POST',
        url: TOKEN_URL,
        payload: { ...credentials, grant_type: grant },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('unsupported_grant_type');
    }
  });

  it('names missing and unknown fields with 422', async () => {
    const missing = await ctx.app.inject({ method: 'POST', url: TOKEN_URL, payload: {} });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error.code).toBe('validation_failed');
    expect(missing.json().error.details).toEqual(
      expect.arrayContaining(
        ['grant_type', 'client_id', 'client_secret'].map((field) =>
          expect.objectContaining({ field, location: 'body', code: 'required' }),
        ),
      ),
    );

    const unknown = await ctx.app.inject({
      method: 'POST',
      url: TOKEN_URL,
      payload: { ...credentials, audience: 'broker-admin:operator' },
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error.details).toEqual([
      expect.objectContaining({ field: 'audience', location: 'body', code: 'unknown_field' }),
    ]);

    const formMissing = await ctx.app.inject({
      method: 'POST',
      url: TOKEN_URL,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'grant_type=client_credentials&client_id=broker-cms',
    });
    expect(formMissing.statusCode).toBe(422);
    expect(formMissing.json().error.details).toEqual([
      expect.objectContaining({ field: 'client_secret', code: 'required' }),
    ]);
  });
});

describe('service and operator tokens', () => {
  const ctx = useTestApp('admin');

  const callService = (headers: Record<string, string>) =>
    ctx.app.inject({ method: 'GET', url: SERVICE_ROUTE, headers });
  const callOperator = (headers: Record<string, string>) =>
    ctx.app.inject({ method: 'GET', url: OPERATOR_ROUTE, headers });

  it('lets a hand-made token through when nothing is wrong with it (the control)', async () => {
    expect((await callService(bearer(jwt(claims(SERVICE_AUDIENCE))))).statusCode).toBe(404);
    expect((await callOperator(bearer(jwt(claims(OPERATOR_AUDIENCE))))).statusCode).toBe(200);
  });

  it('refuses a request without a token', async () => {
    for (const response of [await callService({}), await callOperator({})]) {
      expect(response.statusCode).toBe(401);
      expect(response.json().error).toEqual({
        code: 'unauthorized',
        message: 'Send an access token: Authorization: Bearer <token>.',
      });
    }
  });

  it.each([
    ['another scheme', (token: string) => `Basic ${token}`],
    ['no scheme', (token: string) => token],
    ['an empty bearer', () => 'Bearer '],
    ['two tokens', (token: string) => `Bearer ${token} ${token}`],
  ])('refuses a malformed Authorization header: %s', async (_, header) => {
    const token = await serviceToken(ctx.app);
    const response = await callService({ authorization: header(token) });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('unauthorized');
  });

  it.each([
    ['not a JWT', () => 'not-a-jwt'],
    ['a truncated JWT', () => jwt(claims(SERVICE_AUDIENCE)).slice(0, -5)],
    ['forged with another secret', () => jwt(claims(SERVICE_AUDIENCE), { secret: 'x'.repeat(48) })],
    ['alg none', () => jwt(claims(SERVICE_AUDIENCE), { alg: 'none', hash: null })],
    ['alg none, signature kept', () => jwt(claims(SERVICE_AUDIENCE), { alg: 'none' })],
    [
      'HS512 with the right secret',
      () => jwt(claims(SERVICE_AUDIENCE), { alg: 'HS512', hash: 'sha512' }),
    ],
    [
      'HS384 with the right secret',
      () => jwt(claims(SERVICE_AUDIENCE), { alg: 'HS384', hash: 'sha384' }),
    ],
    ['another issuer', () => jwt(claims(SERVICE_AUDIENCE, { iss: 'broker-cms' }))],
    ['no issuer', () => jwt(claims(SERVICE_AUDIENCE, { iss: undefined }))],
    ['an unknown audience', () => jwt(claims('broker-admin:something'))],
    ['no subject', () => jwt(claims(SERVICE_AUDIENCE, { sub: undefined }))],
    ['no expiry', () => jwt(claims(SERVICE_AUDIENCE, { exp: undefined }))],
    ['no jti', () => jwt(claims(SERVICE_AUDIENCE, { jti: undefined }))],
    [
      'not valid yet',
      () => jwt(claims(SERVICE_AUDIENCE, { nbf: Math.floor(Date.now() / 1000) + 600 })),
    ],
  ])('refuses a token that is %s with 401 invalid_token', async (_, make) => {
    const response = await callService(bearer(make()));
    expect(response.statusCode).toBe(401);
    expect(response.json().error).toEqual({
      code: 'invalid_token',
      message: 'The access token is not valid.',
    });
  });

  it('refuses an expired token with 401 token_expired', async () => {
    const past = Math.floor(Date.now() / 1000) - 120;
    const token = jwt(claims(SERVICE_AUDIENCE, { iat: past - 900, exp: past }));
    const response = await callService(bearer(token));
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('token_expired');
  });

  it('refuses a token of the same secret from another issuer', async () => {
    const cms = tokenIssuer(config, 'broker-cms');
    const { token } = await cms.sign(SERVICE_AUDIENCE, config.ADMIN_CLIENT_ID, 600);
    expect((await callService(bearer(token))).statusCode).toBe(401);
  });

  it('accepts only HS512 tokens when HS512 is configured', async () => {
    const hs512 = testConfig({ JWT_ALGORITHM: 'HS512' });
    const strict = tokenIssuer(hs512, ADMIN_ISSUER);
    const { token } = await strict.sign(SERVICE_AUDIENCE, 'broker-cms', 60);
    await expect(strict.verify(token, SERVICE_AUDIENCE)).resolves.toMatchObject({
      sub: 'broker-cms',
    });
    const hs256 = jwt(claims(SERVICE_AUDIENCE));
    await expect(strict.verify(hs256, SERVICE_AUDIENCE)).rejects.toMatchObject({
      status: 401,
      code: 'invalid_token',
    });
  });

  it('keeps operator and service tokens apart', async () => {
    const service = await serviceToken(ctx.app);
    const operator = await operatorToken(ctx.app, ctx.databases);

    const operatorOnService = await callService(bearer(operator));
    expect(operatorOnService.statusCode).toBe(401);
    expect(operatorOnService.json().error.code).toBe('invalid_token');
    const serviceOnOperator = await callOperator(bearer(service));
    expect(serviceOnOperator.statusCode).toBe(401);
    expect(serviceOnOperator.json().error.code).toBe('invalid_token');

    expect((await callService(bearer(service))).statusCode).toBe(404);
    expect((await callOperator(bearer(operator))).statusCode).toBe(200);
  });
});

describe('operator login', () => {
  const ctx = useTestApp('admin');
  const login = (payload: Record<string, unknown>) =>
    ctx.app.inject({ method: 'POST', url: LOGIN_URL, payload });

  it('creates the configured operator once, with an argon2id hash', async () => {
    const db = ctx.databases.admin.db;
    expect(await ensureFirstOperator(db, config)).toBe(config.ADMIN_OPERATOR_EMAIL);
    expect(await ensureFirstOperator(db, config)).toBeNull();
    const rows = await queryRows<{ email: string; password_hash: string }>(
      db,
      sql`select email, password_hash from admin.operators`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.email).toBe(config.ADMIN_OPERATOR_EMAIL);
    expect(rows[0]?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(rows[0]?.password_hash).not.toContain(config.ADMIN_OPERATOR_PASSWORD);
  });

  it('logs in with the right password and gives an operator token', async () => {
    const response = await login({
      email: config.ADMIN_OPERATOR_EMAIL,
      password: config.ADMIN_OPERATOR_PASSWORD,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const body = response.json();
    expect(body).toEqual({
      access_token: expect.any(String),
      token_type: 'bearer',
      expires_in: config.ACCESS_TOKEN_EXPIRE_MINUTES * 60,
    });
    const payload = decodePayload(body.access_token);
    expect(payload.aud).toBe(OPERATOR_AUDIENCE);
    const [operator] = await queryRows<{ id: string }>(
      ctx.databases.admin.db,
      sql`select id from admin.operators where email = ${config.ADMIN_OPERATOR_EMAIL}`,
    );
    expect(payload.sub).toBe(operator?.id);
  });

  it('treats the e-mail case-insensitively', async () => {
    const response = await login({
      email: config.ADMIN_OPERATOR_EMAIL.toUpperCase(),
      password: config.ADMIN_OPERATOR_PASSWORD,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().token_type).toBe('bearer');
  });

  it('answers a wrong password and an unknown e-mail with the same 401', async () => {
    const wrongPassword = await login({
      email: config.ADMIN_OPERATOR_EMAIL,
      password: `${config.ADMIN_OPERATOR_PASSWORD}!`,
    });
    const unknownEmail = await login({
      email: 'nobody@example.com',
      password: config.ADMIN_OPERATOR_PASSWORD,
    });
    expect(wrongPassword.statusCode).toBe(401);
    expect(unknownEmail.statusCode).toBe(401);
    expect(wrongPassword.json()).toEqual({
      error: { code: 'invalid_credentials', message: 'Wrong e-mail or password.' },
    });
    expect(unknownEmail.body).toBe(wrongPassword.body);
  });

  it('does not take the password in another case', async () => {
    const response = await login({
      email: config.ADMIN_OPERATOR_EMAIL,
      password: config.ADMIN_OPERATOR_PASSWORD.toUpperCase(),
    });
    expect(response.statusCode).toBe(401);
  });

  it('validates the body with 422', async () => {
    const response = await login({ email: 'not-an-email', password: '', role: 'root' });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'email', code: 'invalid_format' }),
        expect.objectContaining({ field: 'password' }),
        expect.objectContaining({ field: 'role', code: 'unknown_field' }),
      ]),
    );
  });

  it('creates further operators with normalized e-mails and refuses duplicates', async () => {
    const db = ctx.databases.admin.db;
    const created = await createOperator(db, '  Second@Example.COM ', 'a-long-password-1');
    expect(created.email).toBe('second@example.com');
    await expect(
      createOperator(db, 'second@example.com', 'another-password-2'),
    ).rejects.toMatchObject({ status: 409, code: 'email_taken' });
    await expect(createOperator(db, 'third@example.com', 'short')).rejects.toMatchObject({
      status: 400,
      code: 'weak_password',
    });
    const response = await login({ email: 'SECOND@example.com', password: 'a-long-password-1' });
    expect(response.statusCode).toBe(200);
  });
});

describe('requireTrader: service token and X-API-KEY', () => {
  const ctx = useTestApp('admin');

  beforeAll(() => {
    // No trader-scoped business route exists yet in this slice; this one only runs the guard.
    ctx.app.get('/test/trader-scope', async (request) => {
      const trader = await requireTrader(
        adminContext(config, { db: ctx.databases.admin }),
        request,
      );
      return { trader_id: trader.id };
    });
    // The same guard as route options, the way trader-scoped routes use it.
    ctx.app.get(
      '/test/trader-hook',
      asTrader(adminContext(config, { db: ctx.databases.admin })),
      async (request) => ({ trader_id: traderOf(request).id }),
    );
  });

  const call = (headers: Record<string, string>) =>
    ctx.app.inject({ method: 'GET', url: '/test/trader-scope', headers });
  const setStatus = (id: string, status: string) =>
    ctx.databases.admin.db.execute(
      sql`update admin.traders set status = ${status} where id = ${id}`,
    );

  it("answers the key's trader for an ACTIVE trader with a service token", async () => {
    const first = await activeTrader(ctx.app, ctx.databases);
    const second = await activeTrader(ctx.app, ctx.databases);
    const one = await call(first.headers);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual({ trader_id: first.id });
    const two = await call(second.headers);
    expect(two.json()).toEqual({ trader_id: second.id });
  });

  it('works the same as the asTrader route option', async () => {
    const trader = await activeTrader(ctx.app, ctx.databases);
    const hook = (headers: Record<string, string>) =>
      ctx.app.inject({ method: 'GET', url: '/test/trader-hook', headers });
    expect((await hook(trader.headers)).json()).toEqual({ trader_id: trader.id });
    const wrong = await hook({ ...trader.headers, 'x-api-key': `${trader.apiKey}x` });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('invalid_api_key');
    const noToken = await hook({ 'x-api-key': trader.apiKey });
    expect(noToken.statusCode).toBe(401);
  });

  it('refuses a missing or empty key with 401 missing_api_key', async () => {
    const token = await serviceToken(ctx.app);
    for (const headers of [bearer(token), { ...bearer(token), 'x-api-key': '' }]) {
      const response = await call(headers);
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe('missing_api_key');
    }
  });

  it('refuses a wrong key with 401 invalid_api_key', async () => {
    const trader = await activeTrader(ctx.app, ctx.databases);
    for (const key of [
      `${trader.apiKey}x`,
      trader.apiKey.slice(0, -1),
      'bk_guess',
      trader.apiKey.toUpperCase(),
    ]) {
      const response = await call({ ...trader.headers, 'x-api-key': key });
      expect(response.statusCode).toBe(401);
      expect(response.json().error).toEqual({
        code: 'invalid_api_key',
        message: 'The API key is not valid.',
      });
    }
  });

  it('refuses a valid key without a valid service token', async () => {
    const trader = await activeTrader(ctx.app, ctx.databases);
    const operator = await operatorToken(ctx.app, ctx.databases);
    const without = await call({ 'x-api-key': trader.apiKey });
    expect(without.statusCode).toBe(401);
    expect(without.json().error.code).toBe('unauthorized');
    const withOperator = await call({ ...bearer(operator), 'x-api-key': trader.apiKey });
    expect(withOperator.statusCode).toBe(401);
    expect(withOperator.json().error.code).toBe('invalid_token');
    const forged = jwt(claims(SERVICE_AUDIENCE), { secret: 'y'.repeat(48) });
    const withForged = await call({ ...bearer(forged), 'x-api-key': trader.apiKey });
    expect(withForged.statusCode).toBe(401);
  });

  it('refuses the key of a trader that is not ACTIVE', async () => {
    const trader = await activeTrader(ctx.app, ctx.databases);
    for (const status of ['PENDING', 'REJECTED']) {
      await setStatus(trader.id, status);
      const response = await call(trader.headers);
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe('invalid_api_key');
    }
    await setStatus(trader.id, 'ACTIVE');
    expect((await call(trader.headers)).json()).toEqual({ trader_id: trader.id });
  });
});
