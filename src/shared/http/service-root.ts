import { Type } from 'typebox';
import type { App } from './create-app.ts';
import type { ServiceInfo } from './docs.ts';

/** A small landing answer at `/` until the service's own pages take that place. */
export function registerServiceRoot(app: App, service: ServiceInfo): void {
  app.get(
    '/',
    {
      schema: {
        hide: true,
        response: {
          200: Type.Object({ service: Type.String(), docs: Type.String(), health: Type.String() }),
        },
      },
    },
    async () => ({ service: service.title, docs: '/api/docs', health: '/healthz' }),
  );
}
