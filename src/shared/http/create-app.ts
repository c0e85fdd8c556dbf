import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  LogController,
  type RawServerDefault,
} from 'fastify';
import type { Config } from '../config.ts';
import { registerDocs, type ServiceInfo } from './docs.ts';
import { installErrorHandlers, sendError } from './error-handler.ts';
import { registerHealth } from './health.ts';
import { validatorCompiler } from './validation.ts';

export type App = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export interface FrameOptions {
  readonly service: ServiceInfo;
  /** Readiness checks for /readyz, one per database the service needs. */
  readonly readiness: readonly (() => Promise<boolean>)[];
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;
const QUIET_PATHS = /^\/(healthz|readyz|api\/docs\/static|api\/redoc\/)/;
export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * The frame every service shares: logging with request ids, validation that refuses unknown fields,
 * the error envelope, API docs and health checks. Services add their routes to what this returns.
 */
export async function createHttpApp(config: Config, options: FrameOptions): Promise<App> {
  const app = Fastify({
    logger:
      config.LOG_LEVEL === 'silent'
        ? false
        : {
            level: config.LOG_LEVEL,
            base: { service: options.service.name },
            redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]'],
          },
    bodyLimit: BODY_LIMIT_BYTES,
    logController: new LogController({
      requestIdLogLabel: 'request_id',
      // Probes and documentation assets would drown the lines people read.
      disableRequestLogging: (request) => QUIET_PATHS.test(request.url),
    }),
    // A caller's X-Request-Id is kept when it is harmless, so ids can follow a call across services.
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true },
    // URLs the router cannot take (bad percent-encoding, an over-long segment) get the error envelope too.
    frameworkErrors: sendError,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  // The API speaks JSON; routes that take forms or files add their parser where they need it.
  app.removeContentTypeParser('text/plain');
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  installErrorHandlers(app);
  await registerDocs(app, options.service);
  registerHealth(app, options.readiness);
  return app;
}

/** The TypeBox-typed view of an encapsulated plugin instance. */
export function typed(instance: FastifyInstance): App {
  return instance.withTypeProvider<TypeBoxTypeProvider>() as unknown as App;
}
