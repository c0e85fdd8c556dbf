/**
 * Where a trader's images live: `<UPLOAD_DIR>/products/<trader id>/<image id>.webp` on disk, served at
 * the same path under `/uploads/`. Image ids are random UUIDs, so the URLs are stable and unguessable.
 */
export const UPLOADS_PREFIX = '/uploads/';

export const imageFile = (traderId: string, imageId: string, thumbnail = false) =>
  `products/${traderId}/${imageId}${thumbnail ? '.thumb' : ''}.webp`;

export const imageUrl = (traderId: string, imageId: string, thumbnail = false) =>
  UPLOADS_PREFIX + imageFile(traderId, imageId, thumbnail);
