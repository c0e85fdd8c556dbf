import { Type } from 'typebox';
import type { App } from '#shared/http/create-app.ts';
import { ErrorEnvelopeSchema } from '#shared/http/envelope.ts';
import type { AdminContext } from '../context.ts';
import { productImage } from './media.ts';

/** Generated product images of the demo catalog (mounted at the root). */
export function mediaRoutes(app: App, ctx: AdminContext): void {
  app.get(
    '/media/products/:sku.svg',
    {
      schema: {
        tags: ['media'],
        summary: 'The generated SVG image of a product',
        params: Type.Object({ sku: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: {
          200: Type.String({ description: 'An image/svg+xml document.' }),
          304: Type.Null({ description: 'Not modified since the ETag sent in If-None-Match.' }),
          404: ErrorEnvelopeSchema,
          422: ErrorEnvelopeSchema,
        },
      },
    },
    async (request, reply) => {
      const { svg, etag } = await productImage(ctx, request.params.sku);
      reply
        // Public and cacheable, but revalidated hourly: the image follows the product's name.
        .header('cache-control', 'public, max-age=3600')
        .header('etag', etag)
        // An SVG opened directly is a document: it may not run or load anything.
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
        .header('x-content-type-options', 'nosniff');
      if (request.headers['if-none-match'] === etag) return reply.status(304).send(null);
      return reply.type('image/svg+xml; charset=utf-8').send(svg);
    },
  );
}
