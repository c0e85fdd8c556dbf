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
