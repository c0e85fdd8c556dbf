import type { FastifyReply, FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { createFlashes } from './flash.ts';
import { createSessions, type SessionOptions } from './session.ts';

const SECRET = 'a-session-secret-for-tests-only-000000';

/** Just enough of Fastify's request and reply for the cookie calls the sessions make. */
function exchange(cookies: Record<string, string> = {}) {
  const set: Record<string, { value: string; options: Record<string, unknown> }> = {};
  const reply = {
    setCookie(name: string, value: string, options: Record<string, unknown>) {
      set[name] = { value, options };
      return reply;
    },
    clearCookie(name: string, options: Record<string, unknown>) {
      set[name] = { value: '', options: { ...options, maxAge: 0 } };
      return reply;
    },
  };
  const request = { cookies };
  return {
    request: request as unknown as FastifyRequest,
    reply: reply as unknown as FastifyReply,
    set,
  };
}

function sessionsAt(clock: { now: number }, options: Partial<SessionOptions> = {}) {
  return createSessions({
    secret: SECRET,
    cookieName: 'panel',
    maxAgeSeconds: 100,
    secure: false,
    now: () => clock.now,
    ...options,
  });
}

function started(clock = { now: 1000 }) {
  const sessions = sessionsAt(clock);
  const first = exchange();
  const session = sessions.start(first.reply, 'operator-1', 'op@example.com');
  return { sessions, session, cookie: String(first.set.panel?.value), set: first.set, clock };
}

describe('signed sessions', () => {
  it('sets an HttpOnly, SameSite=Lax cookie that reads back', () => {
    const { sessions, session, cookie, set } = started();
    expect(set.panel?.options).toMatchObject({
      httpOnly: true,
      sameSite: 'lax',
      secure: false,
      path: '/',
    });
    const { request, reply } = exchange({ panel: cookie });
    expect(sessions.read(request, reply)).toEqual(session);
  });

  it('refuses an edited or truncated cookie', () => {
    const { sessions, cookie } = started();
    const [payload, signature] = cookie.split('.');
    const edited = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(String(payload), 'base64url').toString()),
        subject: 'x',
      }),
    ).toString('base64url');
    for (const value of [`${edited}.${signature}`, String(payload), `${cookie}x`, 'garbage', '']) {
      const { request, reply } = exchange({ panel: value });
      expect(sessions.read(request, reply)).toBeNull();
    }
  });

  it('expires, and renews itself once half its life has passed', () => {
    const { sessions, cookie, clock } = started();
    clock.now = 1040;
    const early = exchange({ panel: cookie });
    expect(sessions.read(early.request, early.reply)?.expiresAt).toBe(1100);
    expect(early.set.panel).toBeUndefined();
    clock.now = 1060;
    const late = exchange({ panel: cookie });
    expect(sessions.read(late.request, late.reply)?.expiresAt).toBe(1160);
    clock.now = 1100;
    const expired = exchange({ panel: cookie });
    expect(sessions.read(expired.request, expired.reply)).toBeNull();
  });

  it("does not accept another panel's cookie, though both use one secret", () => {
    const { cookie, clock } = started();
    const other = sessionsAt(clock, { cookieName: 'other' });
    const { request, reply } = exchange({ other: cookie });
    expect(other.read(request, reply)).toBeNull();
  });

  it('derives a CSRF token per session and checks it', () => {
    const { sessions, session } = started();
    const other = sessions.start(exchange().reply, 'operator-1', 'op@example.com');
    const token = sessions.csrfToken(session);
    expect(sessions.checkCsrf(session, token)).toBe(true);
    expect(sessions.checkCsrf(other, token)).toBe(false);
    expect(sessions.checkCsrf(session, undefined)).toBe(false);
    expect(sessions.checkCsrf(session, [token])).toBe(false);
    expect(sessions.checkCsrf(null, token)).toBe(false);
  });

  it('names the cookie __Host- when it is Secure', () => {
    const sessions = sessionsAt({ now: 0 }, { secure: true });
    expect(sessions.cookieName).toBe('__Host-panel');
  });
});

describe('flash messages', () => {
  it('survive one redirect, are read once, and cannot be forged', () => {
    const flashes = createFlashes({ secret: SECRET, cookieName: 'flash', secure: false });
    const first = exchange();
    flashes.set(first.reply, { kind: 'success', text: 'Saved.' });
    const value = String(first.set.flash?.value);
    const next = exchange({ flash: value });
    expect(flashes.take(next.request, next.reply)).toEqual({ kind: 'success', text: 'Saved.' });
    expect(next.set.flash?.options.maxAge).toBe(0);
    const forged = Buffer.from(JSON.stringify({ kind: 'error', text: 'Call us' })).toString(
      'base64url',
    );
    const attack = exchange({ flash: `${forged}.${value.split('.')[1]}` });
    expect(flashes.take(attack.request, attack.reply)).toBeNull();
  });
});
