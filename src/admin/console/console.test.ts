import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureFirstOperator } from '#admin/auth/service.ts';
import { sha256 } from '#shared/auth/secrets.ts';
import { registeredTraders } from '#shared/db/schema/admin.ts';
import { testConfig, useTestApp } from '#test/app.ts';
import { ConsoleClient, csrfOf, pendingTrader } from './console.test-helpers.ts';

const ctx = useTestApp('admin');

beforeAll(async () => {
  await ensureFirstOperator(ctx.databases.admin.db, testConfig());
});

async function traderRow(id: string) {
  const [row] = await ctx.databases.admin.db
    .select()
    .from(registeredTraders)
    .where(eq(registeredTraders.id, id));
  return row;
}

describe('operator console: login', () => {
  it('sends a visitor who is not logged in to the login page', async () => {
    const client = new ConsoleClient(ctx.app);
    for (const url of ['/', '/traders', '/products?q=mug', '/orders']) {
      const response = await client.get(url);
      expect(response.statusCode).toBe(302);
      expect(response.headers.location).toBe(`/login?next=${encodeURIComponent(url)}`);
    }
    const post = await client.post('/traders/00000000-0000-4000-8000-000000000000/approve', {});
    expect(post.statusCode).toBe(303);
    expect(post.headers.location).toBe('/login');
    // htmx cannot put a login page into a table row: it is told to load the page instead.
    const htmx = await client.post('/products/1/stock', { stock: '1' }, { 'hx-request': 'true' });
    expect(htmx.statusCode).toBe(401);
    expect(htmx.headers['hx-redirect']).toBe('/login');
  });

  it('serves the login form with a CSRF token in an HttpOnly, SameSite=Lax session cookie', async () => {
    const response = await new ConsoleClient(ctx.app).get('/login');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(csrfOf(response.body)).toMatch(/^[\w-]{20,}$/);
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).not.toContain('Secure');
  });

  it('answers wrong credentials with the form again and a 401', async () => {
    const client = new ConsoleClient(ctx.app);
    const response = await client.login(testConfig().ADMIN_OPERATOR_EMAIL, 'not the password');
    expect(response.statusCode).toBe(401);
    expect(response.body).toContain('Wrong e-mail or password.');
    expect(response.body).toContain(`value="${testConfig().ADMIN_OPERATOR_EMAIL}"`);
    expect((await client.get('/traders')).statusCode).toBe(302);
  });

  it('logs in with a new session id, goes where it was asked, and logs out', async () => {
    const client = new ConsoleClient(ctx.app);
    const _csrf = csrfOf((await client.get('/login?next=/orders')).body);
    const anonymous = client.cookieHeader;
    const response = await client.post('/login', {
      _csrf,
      next: '/orders',
      email: testConfig().ADMIN_OPERATOR_EMAIL.toUpperCase(),
      password: testConfig().ADMIN_OPERATOR_PASSWORD,
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/orders');
    expect(client.cookieHeader).not.toBe(anonymous);
    const page = await client.get('/traders');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(testConfig().ADMIN_OPERATOR_EMAIL);

    const logout = await client.post('/logout', { _csrf: csrfOf(page.body) });
    expect(logout.statusCode).toBe(303);
    expect((await client.get('/login')).body).toContain('You are logged out.');
    expect((await client.get('/traders')).statusCode).toBe(302);
  });

  it('never redirects off the site after login', async () => {
    const client = new ConsoleClient(ctx.app);
    const _csrf = csrfOf((await client.get('/login')).body);
    const { email, password } = {
      email: testConfig().ADMIN_OPERATOR_EMAIL,
      password: testConfig().ADMIN_OPERATOR_PASSWORD,
    };
    const response = await client.post('/login', {
      _csrf,
      email,
      password,
      next: '//evil.example/x',
    });
    expect(response.headers.location).toBe('/traders');
  });

  it('refuses a forged or edited session cookie', async () => {
    const client = new ConsoleClient(ctx.app);
    await client.login();
    const [name, value] = [...client.cookies].find(([n]) => n.includes('session')) ?? [];
    const [payload, signature] = String(value).split('.');
    const forged = JSON.parse(Buffer.from(String(payload), 'base64url').toString());
    forged.subject = '00000000-0000-4000-8000-000000000000';
    client.cookies.set(
      String(name),
      `${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`,
    );
    expect((await client.get('/traders')).statusCode).toBe(302);
  });
});

describe('operator console: CSRF', () => {
  it('refuses a form without a token, or with a wrong one, with a 403 page', async () => {
    const client = new ConsoleClient(ctx.app);
    await client.login();
    const id = await pendingTrader(ctx.app, 'Forged Goods');
    const attempts: Record<string, string>[] = [{}, { _csrf: 'not-the-token' }, { _csrf: '' }];
    for (const fields of attempts) {
      const response = await client.post(`/traders/${id}/approve`, fields);
      expect(response.statusCode).toBe(403);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.body).toContain('This form has expired');
    }
    expect((await traderRow(id))?.status).toBe('PENDING');
  });

  it("refuses another session's token, and a login form without a session", async () => {
    const alice = new ConsoleClient(ctx.app);
    const mallory = new ConsoleClient(ctx.app);
    await alice.login();
    await mallory.login();
    const id = await pendingTrader(ctx.app, 'Cross Site Ltd');
    const response = await alice.post(`/traders/${id}/approve`, { _csrf: await mallory.csrf() });
    expect(response.statusCode).toBe(403);

    const stranger = new ConsoleClient(ctx.app);
    const login = await stranger.post('/login', { email: 'a@b.cd', password: 'whatever-long' });
    expect(login.statusCode).toBe(403);
  });
});

describe('operator console: traders', () => {
  it('approves a trader through the form and shows the API key once', async () => {
    const client = new ConsoleClient(ctx.app);
    await client.login();
    const id = await pendingTrader(ctx.app, 'Acme <Trading>');
    const list = await client.get('/traders?status=PENDING');
    expect(list.body).toContain('Acme &lt;Trading>');
    expect(list.body).not.toContain('Acme <Trading>');

    const response = await client.post(`/traders/${id}/approve`, {
      _csrf: csrfOf(list.body),
      return_to: '/traders?status=PENDING',
    });
    expect(response.statusCode).toBe(200);
    const apiKey = /<code class="secret">([^<]+)<\/code>/.exec(response.body)?.[1];
    expect(apiKey).toMatch(/^bk_/);
    const row = await traderRow(id);
    expect(row?.status).toBe('ACTIVE');
    expect(row?.apiKeyHash).toBe(sha256(String(apiKey)));
    expect((await client.get('/traders')).body).not.toContain(String(apiKey));

    // Approving again is a conflict, told in words on the page it came from.
    const again = await client.post(`/traders/${id}/approve`, {
      _csrf: csrfOf(response.body),
      return_to: '/traders',
    });
    expect(again.statusCode).toBe(303);
    expect((await client.get('/traders')).body).toContain('This trader is already active.');
  });

  it('rejects with a reason, and asks for one when it is missing', async () => {
    const client = new ConsoleClient(ctx.app);
    await client.login();
    const id = await pendingTrader(ctx.app, 'Dubious Deals');
    const _csrf = await client.csrf();
    await client.post(`/traders/${id}/reject`, { _csrf, reason: '   ' });
    expect((await client.get('/traders')).body).toContain('needs a few words for the trader');
    expect((await traderRow(id))?.status).toBe('PENDING');

    const response = await client.post(`/traders/${id}/reject`, { _csrf, reason: 'No VAT id' });
    expect(response.statusCode).toBe(303);
    const page = await client.get('/traders?status=REJECTED');
    expect(page.body).toContain('The application of Dubious Deals is rejected.');
    expect(page.body).toContain('No VAT id');
    expect(await traderRow(id)).toMatchObject({ status: 'REJECTED', rejectionReason: 'No VAT id' });
  });

  it('answers a tampered cursor and an unknown trader in words, not with a 500', async () => {
    const client = new ConsoleClient(ctx.app);
    await client.login();
    const page = await client.get('/traders?cursor=garbage');
    expect(page.statusCode).toBe(422);
    expect(page.body).toContain('cursor');
    const _csrf = await client.csrf();
    const response = await client.post('/traders/not-a-uuid/approve', {
      _csrf,
      return_to: '/traders',
    });
    expect(response.statusCode).toBe(303);
    expect((await client.get('/traders')).body).toContain('Trader not found.');
  });

  it('serves its stylesheet and htmx itself', async () => {
    for (const [url, type] of [
      ['/assets/console.css', 'text/css'],
      ['/assets/htmx.min.js', 'text/javascript'],
    ] as const) {
      const response = await ctx.app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain(type);
    }
  });
});
