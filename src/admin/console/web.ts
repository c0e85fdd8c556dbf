import type { FastifyReply, FastifyRequest } from 'fastify';
import { createFlashes, type Flash, type Flashes } from '#shared/session/flash.ts';
import { type SessionGuards, sessionGuards } from '#shared/session/guards.ts';
import { createSessions, type Sessions } from '#shared/session/session.ts';
import type { AdminContext } from '../context.ts';

/** What every console page knows about the request it answers. */
export interface ConsoleView {
  /** The operator's e-mail address. */
  readonly operator: string;
  readonly csrf: string;
  readonly flash: Flash | null;
  /** The page's own path and query, where its forms come back to. */
  readonly url: string;
}

export interface ConsoleWeb {
  readonly sessions: Sessions;
  readonly flashes: Flashes;
  readonly guards: SessionGuards;
  view(request: FastifyRequest, reply: FastifyReply): ConsoleView;
  /** The CSRF token of the signed-in session (for fragments, which need no flash or url). */
  csrf(request: FastifyRequest): string;
}

export const LOGIN_PATH = '/login';
/** A working day; the session renews itself while the operator keeps working. */
const SESSION_SECONDS = 8 * 60 * 60;

export function consoleWeb(
  ctx: AdminContext,
  forbidden: (request: FastifyRequest, reply: FastifyReply) => FastifyReply,
): ConsoleWeb {
  // Plain-HTTP development servers cannot keep Secure cookies; production runs behind HTTPS.
  const secure = ctx.config.NODE_ENV === 'production';
  const secret = ctx.config.SESSION_SECRET_KEY;
  const sessions = createSessions({
    secret,
    cookieName: 'broker_admin_session',
    maxAgeSeconds: SESSION_SECONDS,
    secure,
  });
  const flashes = createFlashes({ secret, cookieName: 'broker_admin_flash', secure });
  const guards = sessionGuards(sessions, { loginPath: LOGIN_PATH, forbidden });
  return {
    sessions,
    flashes,
    guards,
    view(request, reply) {
      const session = guards.session(request);
      return {
        operator: session.label,
        csrf: sessions.csrfToken(session),
        flash: flashes.take(request, reply),
        url: request.url,
      };
    },
    csrf: (request) => sessions.csrfToken(guards.session(request)),
  };
}
