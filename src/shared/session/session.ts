import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomToken, safeEqual } from '../auth/secrets.ts';
import { deriveKey, hmac, signedCodec } from './signed.ts';

/**
 * Signed-cookie sessions for the HTML panels (DESIGN.md §5). The cookie holds the whole session, so any
 * replica can read it without a shared store; the HMAC makes it tamper-proof and the expiry inside it is
 * checked on every read (the cookie's own Max-Age is only a hint to the browser).
 */
export interface Session {
  /** Random; the CSRF token is derived from it. */
  readonly id: string;
  /** Who is logged in, or null for the anonymous session a login form runs in. */
  readonly subject: string | null;
  /** How to show the subject (an e-mail address), so pages need no lookup to say who is in. */
  readonly label: string | null;
  /** Seconds since the epoch. */
  readonly expiresAt: number;
}

export interface SessionOptions {
  /** SESSION_SECRET_KEY. */
  readonly secret: string;
  /** Also names the derived keys, so each panel's cookie is worthless at the others. */
  readonly cookieName: string;
  readonly maxAgeSeconds: number;
  /** Secure cookies (and the `__Host-` prefix) when served over HTTPS, i.e. in production. */
  readonly secure: boolean;
  readonly now?: () => number;
}

export interface Sessions {
  readonly cookieName: string;
  /** The valid session on the request, renewed once half its life has passed; or null. */
  read(request: FastifyRequest, reply: FastifyReply): Session | null;
  /** The request's session, or a new anonymous one, so that even a login form carries a CSRF token. */
  ensure(request: FastifyRequest, reply: FastifyReply): Session;
  /** A new session (new id, against session fixation) for a subject who just logged in. */
  start(reply: FastifyReply, subject: string, label: string): Session;
  end(reply: FastifyReply): void;
  csrfToken(session: Session): string;
  /** Compares in constant time; false without a session or a token. */
  checkCsrf(session: Session | null, token: unknown): boolean;
}

const isSession = (value: unknown): value is Session => {
  const v = value as Session;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.id === 'string' &&
    (typeof v.subject === 'string' || v.subject === null) &&
    (typeof v.label === 'string' || v.label === null) &&
    Number.isSafeInteger(v.expiresAt)
  );
};

export function createSessions(options: SessionOptions): Sessions {
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const cookieName = options.secure ? `__Host-${options.cookieName}` : options.cookieName;
  const codec = signedCodec(deriveKey(options.secret, `session:${options.cookieName}`), isSession);
  const csrfKey = deriveKey(options.secret, `csrf:${options.cookieName}`);
  const cookie = {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: options.secure,
  };

  const write = (reply: FastifyReply, session: Session) => {
    reply.setCookie(cookieName, codec.seal(session), {
      ...cookie,
      maxAge: options.maxAgeSeconds,
    });
    return session;
  };
  const issue = (reply: FastifyReply, fields: Omit<Session, 'expiresAt'>) =>
    write(reply, { ...fields, expiresAt: now() + options.maxAgeSeconds });

  const read = (request: FastifyRequest, reply: FastifyReply): Session | null => {
    const session = codec.open(request.cookies[cookieName]);
    if (!session || session.expiresAt <= now()) return null;
    // Keep the id: forms already open in other tabs carry tokens derived from it.
    if (session.expiresAt - now() < options.maxAgeSeconds / 2) {
      return issue(reply, session);
    }
    return session;
  };

  return {
    cookieName,
    read,
    ensure: (request, reply) =>
      read(request, reply) ?? issue(reply, { id: randomToken(18), subject: null, label: null }),
    start: (reply, subject, label) => issue(reply, { id: randomToken(18), subject, label }),
    end: (reply) => {
      reply.clearCookie(cookieName, cookie);
    },
    csrfToken: (session) => hmac(csrfKey, session.id),
    checkCsrf: (session, token) =>
      session !== null && typeof token === 'string' && safeEqual(token, hmac(csrfKey, session.id)),
  };
}
