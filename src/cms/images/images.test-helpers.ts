/** Fixtures for the image tests: real images made with sharp, multipart bodies, and what is on disk. */
import { mkdtempSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { type Db, queryRows } from '#shared/db/client.ts';
import type { App } from '#shared/http/create-app.ts';

export const tempUploadDir = () => mkdtempSync(join(tmpdir(), 'broker-uploads-'));

const noise = (width: number, height: number) =>
  sharp({
    create: {
      width,
      height,
      channels: 3,
      background: '#336699',
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  });

export const pngImage = (width = 600, height = 400) => noise(width, height).png().toBuffer();
/** An animated PNG as file-type sees one: a PNG with an `acTL` chunk ahead of its image data. */
export async function apngImage(): Promise<Buffer> {
  const png = await pngImage(40, 30);
  const ihdrEnd = 8 + 8 + 13 + 4; // signature, IHDR length+type, IHDR data, CRC
  const data = Buffer.alloc(8);
  data.writeUInt32BE(1, 0); // frames
  data.writeUInt32BE(0, 4); // plays forever
  const typed = Buffer.concat([Buffer.from('acTL'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([png.subarray(0, ihdrEnd), length, typed, crc, png.subarray(ihdrEnd)]);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

export const gifImage = () => noise(120, 80).gif().toBuffer();
export const webpImage = () =>
  sharp({ create: { width: 3000, height: 1000, channels: 3, background: '#993366' } })
    .webp()
    .toBuffer();

/** 300×200 pixels stored sideways (EXIF orientation 6), with camera and copyright EXIF fields. */
export const exifJpeg = () =>
  noise(300, 200)
    .jpeg()
    .withExif({ IFD0: { Make: 'SpyCam', Copyright: 'Somebody' } })
    .withMetadata({ orientation: 6 })
    .toBuffer();

/** A few kilobytes that decode to 42 million pixels. */
export const pixelBomb = () =>
  sharp({ create: { width: 7000, height: 6000, channels: 3, background: '#000' } })
    .png({ compressionLevel: 9 })
    .toBuffer();

export interface FilePart {
  data: Buffer;
  type?: string;
  filename?: string;
  field?: string;
}

/** A multipart/form-data body as a browser would send it. */
export async function multipart(...parts: FilePart[]) {
  const form = new FormData();
  for (const part of parts) {
    const blob = new Blob([new Uint8Array(part.data)], { type: part.type ?? 'image/png' });
    form.append(part.field ?? 'file', blob, part.filename ?? 'image.png');
  }
  const request = new Request('http://x', { method: 'POST', body: form });
  return {
    payload: Buffer.from(await request.arrayBuffer()),
    headers: { 'content-type': request.headers.get('content-type') ?? '' },
  };
}

export async function upload(
  app: App,
  auth: { authorization: string },
  productId: number,
  ...parts: FilePart[]
) {
  const body = await multipart(...parts);
  return app.inject({
    method: 'POST',
    url: `/api/v1/trader/products/${productId}/images`,
    headers: { ...auth, ...body.headers },
    payload: body.payload,
  });
}

/** Every file under the upload directory, relative to it. */
export async function filesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

export const imageRows = (db: Db, productId: number) =>
  queryRows<{ id: string; position: number; width: number; height: number; bytes: number }>(
    db,
    sql`select id, position, width, height, bytes from trader_product_images
        where product_id = ${productId} order by position`,
  );

export const auditActions = (db: Db, traderId: string) =>
  queryRows<{ action: string; entity_id: string; changes: Record<string, unknown> }>(
    db,
    sql`select action, entity_id, changes from audit_logs
        where trader_id = ${traderId} and action like 'product_image%' order by id`,
  );
