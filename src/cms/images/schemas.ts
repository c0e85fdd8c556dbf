import { type Static, Type } from 'typebox';

/** A trader's own image of a product, as the catalog shows it. */
export const LocalImageSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  url: Type.String({ description: 'The re-encoded WebP image.' }),
  thumbnail_url: Type.String({
    description: 'A WebP thumbnail, at most 320 px on its longer side.',
  }),
  width: Type.Integer(),
  height: Type.Integer(),
  bytes: Type.Integer(),
  position: Type.Integer(),
});
export type LocalImage = Static<typeof LocalImageSchema>;

export const MAX_IMAGES_PER_PRODUCT = 10;

export const ProductParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'Product id' }),
});

export const ImageParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'Product id' }),
  image_id: Type.String({ format: 'uuid' }),
});

export const ImageListSchema = Type.Object({ items: Type.Array(LocalImageSchema) });

export const ReorderImagesSchema = Type.Object(
  {
    image_ids: Type.Array(Type.String({ format: 'uuid' }), {
      maxItems: MAX_IMAGES_PER_PRODUCT,
      description: "All of the product's image ids, in the new order.",
    }),
  },
  { additionalProperties: false },
);
export type ReorderImages = Static<typeof ReorderImagesSchema>;
