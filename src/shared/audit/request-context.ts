import type { FastifyRequest } from 'fastify';

/** Where a change came from: stored with every audit row written while serving a request. */
export interface RequestContext {
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly requestId: string | null;
}

/** Long enough for any real browser; a client sending more only fills the log. */
const MAX_USER_AGENT = 512;

export function requestContext(request: FastifyRequest): RequestContext {
  const userAgent = request.headers['user-agent'];
  return {
    ip: request.ip || null,
    userAgent: userAgent ? userAgent.slice(0, MAX_USER_AGENT) : null,
    requestId: request.id || null,
  };
}
