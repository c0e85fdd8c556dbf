import { describe, expect, it } from 'vitest';
import { useTestApp } from '#test/app.ts';

const ctx = useTestApp('cms');

const login = (email: string, password: string, ip = '203.0.113.1') =>
  ctx.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    remoteAddress: ip,
  });

describe('failed logins', () => {
  it('are limited per e-mail: the sixth attempt answers 429 with Retry-After, even with the right password', async () => {
    const email = 'target@example.com';
    const password = 'a-decent-passphrase';
    const registered = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email, password, business_name: 'Target Shop' },
    });
    expect(registered.statusCode).toBe(201);
    // A success does not count.
    expect((await login(email, password, '198.51.100.1')).statusCode).toBe(200);
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      // From a new address each time, so only the per-e-mail limit can trip.
      expect((await login(email, 'wrong-password', `198.51.100.${10 + attempt}`)).statusCode).toBe(
        401,
      );
    }
    const blocked = await login(email, password, '198.51.100.99');
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.json().error.code).toBe('rate_limited');
  });

  it('are limited per IP across e-mails', async () => {
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      expect(
        (await login(`nobody${attempt}@example.com`, 'whatever-pass', '192.0.2.7')).statusCode,
      ).toBe(401);
    }
    expect((await login('someone-else@example.com', 'whatever-pass', '192.0.2.7')).statusCode).toBe(
      429,
    );
    expect((await login('someone-else@example.com', 'whatever-pass', '192.0.2.8')).statusCode).toBe(
      401,
    );
  });
});
