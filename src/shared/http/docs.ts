import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

export interface ServiceInfo {
  readonly name: 'admin' | 'cms' | 'shop';
  readonly title: string;
  readonly description: string;
}

const require = createRequire(import.meta.url);
// Served from node_modules: the machines that run this are offline, so nothing comes from a CDN.
const REDOC_BUNDLE = require.resolve('redoc/bundles/redoc.standalone.js');

const redocPage = (title: string) => `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${title} — API reference</title>
    <style>body { margin: 0; }</style>
  </head>
  <body>
    <redoc spec-url="/api/openapi.json"></redoc>
    <script src="/api/redoc/redoc.standalone.js"></script>
  </body>
</html>`;

/** OpenAPI 3.1 at /api/openapi.json, Swagger UI at /api/docs and ReDoc at /api/redoc. */
export async function registerDocs(app: FastifyInstance, service: ServiceInfo): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: service.title, description: service.description, version: '0.1.0' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-KEY' },
        },
      },
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { url: '/api/openapi.json', docExpansion: 'list', deepLinking: true },
  });

  const hidden = { schema: { hide: true } };
  app.get('/api/openapi.json', hidden, async () => app.swagger());
  app.get('/api/redoc', hidden, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(redocPage(service.title)),
  );
  app.get('/api/redoc/redoc.standalone.js', hidden, async (_request, reply) =>
    reply
      .type('application/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=86400')
      .send(createReadStream(REDOC_BUNDLE)),
  );
}
