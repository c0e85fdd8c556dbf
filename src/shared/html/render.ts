import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

/**
 * Headers for every panel page. The CSP allows only our own scripts, styles and requests: with no
 * inline script anywhere, an escaped-but-missed value still cannot run. Pages are `no-store` because
 * they show personal data and, once, API keys.
 */
export const HTML_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
} as const;

/** A whole page. */
export function sendPage(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  return reply
    .status(status)
    .headers(HTML_HEADERS)
    .send(`<!doctype html>${renderToString(page)}`);
}

/** A piece of a page, for htmx to swap in. */
export function sendFragment(reply: FastifyReply, fragment: VNode, status = 200): FastifyReply {
  return reply.status(status).headers(HTML_HEADERS).send(renderToString(fragment));
}

/** A redirect after a form post (303: the browser follows it with GET). */
export function redirectAfterPost(reply: FastifyReply, location: string): FastifyReply {
  return reply.header('cache-control', 'no-store').redirect(location, 303);
}

/** Whether htmx sent the request (it then wants a fragment, not a page). */
export function isHtmx(request: FastifyRequest): boolean {
  return request.headers['hx-request'] === 'true';
}
