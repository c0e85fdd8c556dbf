import { sql } from 'drizzle-orm';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { verifyChains } from '#shared/audit/verify.ts';
import { queryRows } from '#shared/db/client.ts';
import { testConfig, useTestApp } from '#test/app.ts';
import { TRADER_AUDIENCE } from '../context.ts';

const ctx = useTestApp('cms');
const config = testConfig();

const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
  ctx.app.inject({ method: 'POST', url: `/api/v1/auth/${url}`, payload, headers });
const me = (token: string) =>
  ctx.app.inject({
    method: 'GET',
    url: '/api/v1/auth/me',
    headers: { authorization: `Bearer ${token}` },
  });

let counter = 0;
async function registered(password = 'a-decent-passphrase') {
  const email = `trader${++counter}@example.com`;
  const response = await post('register', { email, password, business_name: `Shop ${counter}` });
  expect(response.statusCode).toBe(201);
  return { email, password, id: response.json().id as string };
}

async function loggedIn() {
  const account = await registered();
  const response = await post('login', { email: account.email, password: account.password });
  expect(response.statusCode).toBe(200);
  return { ...account, ...(response.json() as { access_token: string; refresh_token: string }) };
}

describe('registration', () => {
  it("accepts the brief's example and answers a PENDING trader with its shop slug", async () => {
    const response = await post('register', {
      email: ' Trader@Example.com ',
      password: 'secure_password_123',
      business_name: 'My Shop',
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({
      id: expect.any(String),
      email: 'trader@example.com',
      business_name: 'My Shop',
      slug: 'my-shop',
      status: 'PENDING',
      created_at: expect.any(String),
    });
    const again = await post('register', {
      email: 'TRADER@example.com',
      password: 'another_password_9',
      business_name: 'X Y',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('email_taken');
    const twin = await post('register', {
      email: 'twin@example.com',
      password: 'secure_password_123',
      business_name: 'My  Shop!',
    });
    expect(twin.json().slug).toBe('my-shop-2');
  });

  it('refuses weak passwords and bad fields, naming them', async () => {
    const cases: [object, string, string][] = [
      [
        { email: 'a@example.com', password: 'password123', business_name: 'Ab' },
        'password',
        'weak_password',
      ],
      [
        { email: 'a@example.com', password: 'short', business_name: 'Ab' },
        'password',
        'invalid_value',
      ],
      [
        { email: 'a@example.com', password: 'x'.repeat(129), business_name: 'Ab' },
        'password',
        'invalid_value',
      ],
      [
        { email: 'not-an-email', password: 'a-decent-passphrase', business_name: 'Ab' },
        'email',
        'invalid_value',
      ],
      [
        { email: 'a@example.com', password: 'a-decent-passphrase', business_name: 'A' },
        'business_name',
        'invalid_value',
      ],
      [
        {
          email: 'a@example.com',
          password: 'a-decent-passphrase',
          business_name: 'Ab',
          status: 'ACTIVE',
        },
        'status',
        'unknown_field',
      ],
    ];
    for (const [payload, field, code] of cases) {
      const response = await post('register', payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(422);
      expect(response.json().error.details).toContainEqual(
        expect.objectContaining({ field, code }),
      );
    }
  });
});

describe('login and tokens', () => {
  it('answers a token pair and the trader; a wrong password and an unknown e-mail look alike', async () => {
    const account = await registered();
    const ok = await post('login', {
      email: account.email.toUpperCase(),
      password: account.password,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      token_type: 'bearer',
      expires_in: 1800,
      trader: { id: account.id, status: 'PENDING' },
    });
    expect((await me(ok.json().access_token)).json().id).toBe(account.id);

    const wrong = await post('login', { email: account.email, password: 'not-the-password' });
    const unknown = await post('login', {
      email: 'nobody@example.com',
      password: 'not-the-password',
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.body).toBe(unknown.body);
  });

  it('refuses forged, expired, wrong-audience and alg:none tokens', async () => {
    const account = await loggedIn();
    const key = new TextEncoder().encode(config.JWT_SECRET_KEY);
    const claims = { sid: 'x' };
    const sign = (secret: Uint8Array, audience: string, expires: string | number) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer('broker-cms')
        .setAudience(audience)
        .setSubject(account.id)
        .setJti('j')
        .setIssuedAt()
        .setExpirationTime(expires)
        .sign(secret);
    const forged = await sign(new TextEncoder().encode('x'.repeat(40)), TRADER_AUDIENCE, '5m');
    const expired = await sign(key, TRADER_AUDIENCE, Math.floor(Date.now() / 1000) - 60);
    const wrongAudience = await sign(key, 'broker-admin:service', '5m');
    const [header, payload] = account.access_token.split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    for (const token of [forged, expired, wrongAudience, none, `${header}.${payload}.bad`]) {
      expect((await me(token)).statusCode).toBe(401);
    }
    expect((await me(expired)).json().error.code).toBe('token_expired');
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401);
  });

  it('rotates refresh tokens, and a reused one ends the whole login', async () => {
    const session = await loggedIn();
    const first = await post('refresh', { refresh_token: session.refresh_token });
    expect(first.statusCode).toBe(200);
    const newest = first.json();
    expect(newest.refresh_token).not.toBe(session.refresh_token);
    expect((await me(newest.access_token)).statusCode).toBe(200);

    const reused = await post('refresh', { refresh_token: session.refresh_token });
    expect(reused.statusCode).toBe(401);
    expect(reused.json().error.code).toBe('refresh_token_reused');
    expect((await post('refresh', { refresh_token: newest.refresh_token })).statusCode).toBe(401);
    expect((await me(newest.access_token)).json().error.code).toBe('session_ended');
    expect((await post('refresh', { refresh_token: 'made-up' })).json().error.code).toBe(
      'invalid_refresh_token',
    );
  });

  it('logs out: the refresh token and the access tokens of that login stop working', async () => {
    const session = await loggedIn();
    const out = await post('logout', { refresh_token: session.refresh_token });
    expect(out.statusCode).toBe(204);
    expect((await post('refresh', { refresh_token: session.refresh_token })).statusCode).toBe(401);
    expect((await me(session.access_token)).statusCode).toBe(401);
  });

  it('changes the password and ends every other session', async () => {
    const here = await loggedIn();
    const elsewhere = await post('login', { email: here.email, password: here.password });
    const auth = { authorization: `Bearer ${here.access_token}` };

    const wrong = await post(
      'password',
      { current_password: 'nope-nope-nope', new_password: 'a-brand-new-passphrase' },
      auth,
    );
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.details[0]).toMatchObject({ field: 'current_password' });
    const weak = await post(
      'password',
      { current_password: here.password, new_password: 'password123' },
      auth,
    );
    expect(weak.statusCode).toBe(422);

    const changed = await post(
      'password',
      { current_password: here.password, new_password: 'a-brand-new-passphrase' },
      auth,
    );
    expect(changed.statusCode).toBe(204);
    expect((await me(here.access_token)).statusCode).toBe(200);
    expect((await post('refresh', { refresh_token: here.refresh_token })).statusCode).toBe(200);
    expect(
      (await post('refresh', { refresh_token: elsewhere.json().refresh_token })).statusCode,
    ).toBe(401);
    expect((await me(elsewhere.json().access_token)).statusCode).toBe(401);
    expect((await post('login', { email: here.email, password: here.password })).statusCode).toBe(
      401,
    );
    expect(
      (await post('login', { email: here.email, password: 'a-brand-new-passphrase' })).statusCode,
    ).toBe(200);
  });
});

describe('the audit trail of an account', () => {
  it('records register, login, failed login, refresh reuse, logout and password change, in one valid chain', async () => {
    const session = await loggedIn();
    await post(
      'login',
      { email: session.email, password: 'wrong-password!' },
      { 'user-agent': 'attacker/1.0' },
    );
    const next = (await post('refresh', { refresh_token: session.refresh_token })).json();
    await post('refresh', { refresh_token: session.refresh_token });
    const again = (
      await post('login', { email: session.email, password: session.password })
    ).json();
    await post(
      'password',
      { current_password: session.password, new_password: 'a-brand-new-passphrase' },
      {
        authorization: `Bearer ${again.access_token}`,
      },
    );
    await post('logout', { refresh_token: again.refresh_token });
    expect(next.refresh_token).toEqual(expect.any(String));

    const rows = await queryRows<{
      action: string;
      user_agent: string | null;
      request_id: string | null;
    }>(
      ctx.databases.app.db,
      sql`select action, user_agent, request_id from audit_logs where trader_id = ${session.id} order by id`,
    );
    expect(rows.map((row) => row.action)).toEqual([
      'register',
      'login',
      'login_failed',
      'refresh_reuse_detected',
      'login',
      'password_changed',
      'logout',
    ]);
    expect(rows[2]?.user_agent).toBe('attacker/1.0');
    expect(rows.every((row) => row.request_id)).toBe(true);
    const { broken } = await verifyChains(ctx.databases.app.db);
    expect(broken).toEqual([]);
  });
});
