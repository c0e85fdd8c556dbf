import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { describeError } from '#shared/html/errors.ts';
import { isHtmx, sendFragment, sendPage } from '#shared/html/render.ts';
import { ErrorPage, ForbiddenPage, ProblemMessage } from './layout.tsx';
import type { ConsoleView, ConsoleWeb } from './web.ts';

/** The 403 page for a form without a valid CSRF token. */
export function sendForbidden(_request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendPage(reply, <ForbiddenPage />, 403);
}

/**
 * The console's error handler: every failure becomes a page (or, for htmx, a message in the flash
 * area) in words; a 5xx shows the request id to quote, never the error itself.
 */
export function consoleErrorHandler(web: ConsoleWeb) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    let problem = describeError(error);
    if (problem.status >= 500) {
      request.log.error({ err: error }, 'console request failed');
      problem = { ...problem, message: `${problem.message} Request id: ${request.id}.` };
    }
    if (isHtmx(request)) {
      // The request's own target (a table row, say) cannot show a message; the flash area can.
      reply.header('hx-retarget', '#flash').header('hx-reswap', 'innerHTML');
      return sendFragment(reply, <ProblemMessage problem={problem} />, problem.status);
    }
    const session = web.guards.optionalSession(request, reply);
    const view: ConsoleView | null = session?.subject
      ? {
          operator: session.label ?? session.subject,
          csrf: web.sessions.csrfToken(session),
          flash: null,
          url: '/traders',
        }
      : null;
    return sendPage(reply, <ErrorPage view={view} problem={problem} />, problem.status);
  };
}
