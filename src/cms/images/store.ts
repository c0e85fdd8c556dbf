import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Config } from '#shared/config.ts';
import { PROJECT_ROOT } from '#shared/project-root.ts';
import type { EncodedImage } from './encode.ts';
import { imageFile } from './urls.ts';

/** UPLOAD_DIR, relative to the project root unless it is absolute. */
export const uploadRoot = (config: Config) => resolve(PROJECT_ROOT, config.UPLOAD_DIR);

/** Image files written under temporary names, waiting for the database row that makes them real. */
export interface StagedImage {
  /** Renames the files into place; call it inside the transaction, just before it commits. */
  publish(): Promise<void>;
  /** Removes the files, under either name; safe to call at any point and more than once. */
  discard(): Promise<void>;
}

export async function stageImage(
  root: string,
  traderId: string,
  imageId: string,
  image: EncodedImage,
): Promise<StagedImage> {
  const files = [
    { path: join(root, imageFile(traderId, imageId)), data: image.main.data },
    { path: join(root, imageFile(traderId, imageId, true)), data: image.thumbnail.data },
  ].map((file) => ({ ...file, temp: `${file.path}.${randomUUID()}.tmp` }));
  const staged: StagedImage = {
    publish: async () => {
      for (const file of files) await rename(file.temp, file.path);
    },
    discard: async () => {
      await Promise.all(files.flatMap((file) => [file.temp, file.path].map(removeFile)));
    },
  };
  try {
    await mkdir(dirname(files[0]?.path ?? root), { recursive: true });
    // `wx`: a fresh random name never exists; if it did, something else owns it.
    await Promise.all(files.map((file) => writeFile(file.temp, file.data, { flag: 'wx' })));
  } catch (error) {
    await staged.discard();
    throw error;
  }
  return staged;
}

/** Removes an image's files (the image and its thumbnail); missing files are not an error. */
export async function removeImageFiles(root: string, traderId: string, imageId: string) {
  await Promise.all(
    [imageFile(traderId, imageId), imageFile(traderId, imageId, true)].map((file) =>
      removeFile(join(root, file)),
    ),
  );
}

const removeFile = (path: string) => rm(path, { force: true });
