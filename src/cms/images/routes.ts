import multipart from '@fastify/multipart';
import { Type } from 'typebox';
import { requestContext } from '#shared/audit/request-context.ts';
import type { App } from '#shared/http/create-app.ts';
import { ErrorEnvelopeSchema } from '#shared/http/envelope.ts';
import { asTrader, traderOf } from '../auth/guards.ts';
import type { CmsContext } from '../context.ts';
import {
  ImageListSchema,
  ImageParams,
  LocalImageSchema,
  ProductParams,
  ReorderImagesSchema,
} from './schemas.ts';
import { addImage, listImages, removeImage, reorderImages } from './service.ts';
import { readSingleFile, requireMultipart } from './upload.ts';

const tags = ['images'];
const security = [{ bearer: [] }];
const errors = {
  401: ErrorEnvelopeSchema,
  403: ErrorEnvelopeSchema,
  404: ErrorEnvelopeSchema,
  422: ErrorEnvelopeSchema,
};

/**
 * A trader's own images of the products in their catalog. Register it in a scope of its own: it adds
 * the multipart parser there, and only there.
 */
export async function imageRoutes(app: App, ctx: CmsContext): Promise<void> {
  await app.register(multipart, { throwFileSizeLimit: true });
  const active = asTrader(ctx);
  const maxBytes = ctx.config.MAX_IMAGE_SIZE_MB * 1024 * 1024;

  app.post(
    '/trader/products/:id/images',
    {
      ...active,
      preParsing: requireMultipart,
      schema: {
        tags,
        security,
        summary: 'Upload an image of a product (multipart, one field named `file`)',
        description:
          `JPEG, PNG, WebP or GIF (checked by content), at most ${ctx.config.MAX_IMAGE_SIZE_MB} MB ` +
          'and 40 megapixels. Stored re-encoded as WebP without metadata, at most 2000 px, with a ' +
          '320 px thumbnail. At most 10 images a product.',
        consumes: ['multipart/form-data'],
        params: ProductParams,
        response: {
          201: LocalImageSchema,
          ...errors,
          409: ErrorEnvelopeSchema,
          413: ErrorEnvelopeSchema,
          415: ErrorEnvelopeSchema,
        },
      },
    },
    async (request, reply) => {
      const image = await addImage(
        ctx,
        traderOf(request).id,
        request.params.id,
        () => readSingleFile(request, maxBytes),
        requestContext(request),
      );
      return reply.status(201).send(image);
    },
  );

  app.get(
    '/trader/products/:id/images',
    {
      ...active,
      schema: {
        tags,
        security,
        summary: "A product's images, in their order",
        params: ProductParams,
        response: { 200: ImageListSchema, ...errors },
      },
    },
    async (request) => listImages(ctx, traderOf(request).id, request.params.id),
  );

  app.patch(
    '/trader/products/:id/images',
    {
      ...active,
      schema: {
        tags,
        security,
        summary: "Reorder a product's images",
        description: 'The body lists every current image id of the product, in the new order.',
        params: ProductParams,
        body: ReorderImagesSchema,
        response: { 200: ImageListSchema, ...errors },
      },
    },
    async (request) =>
      reorderImages(
        ctx,
        traderOf(request).id,
        request.params.id,
        request.body.image_ids,
        requestContext(request),
      ),
  );

  app.delete(
    '/trader/products/:id/images/:image_id',
    {
      ...active,
      schema: {
        tags,
        security,
        summary: 'Remove an image and its files',
        params: ImageParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const { id, image_id } = request.params;
      await removeImage(ctx, traderOf(request).id, id, image_id, requestContext(request));
      return reply.status(204).send(null);
    },
  );
}
