import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client';
import type { Actor } from '../../db/queries/audit';
import { addProductImage, allImageKeys, deleteProductImage, type ImageView } from '../../db/queries/catalog-images';
import { log } from './log';
import { processImage } from './media-image';
import { getMediaStore, type MediaStore } from './media-store';

/** Catalog image keys start with this; the orphan check lists only under it. */
export const CATALOG_PREFIX = 'catalog/';

/**
 * Checks and converts an upload, stores its two WebP files, then records the image. The files are written
 * first: a failure to record deletes them again, so no row ever names a missing file.
 */
export async function uploadProductImage(
  db: Db,
  actor: Actor,
  input: { productId: string; colour: string; bytes: Uint8Array; declaredType?: string | null },
  store: MediaStore = getMediaStore(),
): Promise<ImageView> {
  const img = await processImage(input.bytes, input.declaredType);
  const id = randomUUID();
  const thumbKey = `${CATALOG_PREFIX}${id}/${img.thumbHash}-thumb.webp`;
  const displayKey = `${CATALOG_PREFIX}${id}/${img.displayHash}-display.webp`;
  const stored: string[] = [];
  try {
    await store.put(thumbKey, img.thumb, 'image/webp');
    stored.push(thumbKey);
    await store.put(displayKey, img.display, 'image/webp');
    stored.push(displayKey);
    return await addProductImage(db, actor, {
      id,
      productId: input.productId,
      colour: input.colour,
      thumbKey,
      displayKey,
      width: img.width,
      height: img.height,
      bytes: img.thumb.byteLength + img.display.byteLength,
    });
  } catch (err) {
    await deleteKeys(store, stored);
    throw err;
  }
}

/** Removes an image: its row first (committed), then its files. */
export async function removeProductImage(
  db: Db,
  actor: Actor,
  imageId: string,
  store: MediaStore = getMediaStore(),
): Promise<{ productId: string }> {
  const { productId, keys } = await deleteProductImage(db, actor, imageId);
  await deleteKeys(store, keys);
  return { productId };
}

/** Deletes files, logging (not throwing) a failure: the orphan check finds what was left. */
export async function deleteKeys(store: MediaStore, keys: string[]): Promise<void> {
  for (const key of keys) {
    try {
      await store.delete(key);
    } catch (err) {
      log.warn({ err, key }, 'media file not deleted; npm run media:verify will list it');
    }
  }
}

export type MediaReport = {
  /** Stored files no image row refers to (older than the grace period). */
  orphans: string[];
  /** Keys image rows refer to with no stored file. */
  missing: string[];
  stored: number;
};

/**
 * Compares the store with the image rows. Files younger than `graceMs` are left out of the orphans: an upload
 * stores its files a moment before its row commits.
 */
export async function verifyMedia(
  db: Db,
  store: MediaStore = getMediaStore(),
  graceMs = 10 * 60_000,
): Promise<MediaReport> {
  const started = Date.now();
  const seen = new Set<string>();
  const orphanCandidates: { key: string; modifiedAt: Date }[] = [];
  for await (const obj of store.list(CATALOG_PREFIX)) seen.add(obj.key), orphanCandidates.push(obj);
  // Rows read after the listing: a row committed meanwhile still counts as referring to its files.
  const referenced = await allImageKeys(db);
  const orphans = orphanCandidates
    .filter((o) => !referenced.has(o.key) && started - o.modifiedAt.getTime() >= graceMs)
    .map((o) => o.key);
  const missing = [...referenced].filter((k) => !seen.has(k));
  return { orphans: orphans.sort(), missing: missing.sort(), stored: seen.size };
}
