import type { FastifyReply, FastifyRequest } from 'fastify';
import { asForm, CSRF_FIELD, localPath, withQuery } from '../html/forms.ts';
import { isHtmx } from '../html/render.ts';
import type { Session, Sessions } from './session.ts';

/**
 * preHandler hooks for a panel: `requireSignedIn` sends strangers to the login page, `requireCsrf`
 * refuses a form post whose token does not belong to the session. Handlers then read the session
 * with `session(request)`.
 */
export interface SessionGuards {
  requireSignedIn(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined>;
  requireCsrf(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined>;
  /** The session the guards accepted; throws when no guard ran, which is a wiring bug. */
  session(request: FastifyRequest): Session & { subject: string; label: string };
  /** The request's session, if any (for pages outside the guard, such as error pages). */
  optionalSession(request: FastifyRequest, reply: FastifyReply): Session | null;
}

export interface GuardOptions {
  readonly loginPath: string;
  /** Renders the 403 page for a form without a valid CSRF token. */
  readonly forbidden: (request: FastifyRequest, reply: FastifyReply) => FastifyReply;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function sessionGuards(sessions: Sessions, options: GuardOptions): SessionGuards {
  const accepted = new WeakMap<FastifyRequest, Session>();

  return {
    async requireSignedIn(request, reply) {
      const session = sessions.read(request, reply);
      if (session?.subject) {
        accepted.set(request, session);
        return undefined;
      }
      if (isHtmx(request)) {
        // A fragment cannot hold a login form: have htmx load the whole login page.
        return reply.status(401).header('hx-redirect', options.loginPath).send();
      }
      // Come back to the page after logging in; a form post comes back to its page, not its action.
      const next = SAFE_METHODS.has(request.method) ? request.url : undefined;
      const location = withQuery(options.loginPath, {
        next: next ? localPath(next, '') : undefined,
      });
      return reply.redirect(location, request.method === 'GET' ? 302 : 303);
    },

    async requireCsrf(request, reply) {
      if (SAFE_METHODS.has(request.method)) return undefined;
      const session = accepted.get(request) ?? sessions.read(request, reply);
      const header = request.headers['x-csrf-token'];
      const token = asForm(request.body)[CSRF_FIELD] ?? header;
      if (sessions.checkCsrf(session, token)) return undefined;
      if (isHtmx(request)) {
        // The page holds a stale token (the session changed in another tab): reload it.
        return reply.status(403).header('hx-refresh', 'true').send();
      }
      return options.forbidden(request, reply);
    },

    session(request) {
      const session = accepted.get(request);
      if (!session?.subject) throw new Error('session(request) outside requireSignedIn');
      return session as Session & { subject: string; label: string };
    },

    optionalSession: (request, reply) => sessions.read(request, reply),
  };
}
