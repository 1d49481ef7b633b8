import sharp, { type Metadata } from "sharp";

// What is done with an uploaded photo's pixels (sharp 0.35, libvips): its size is read from the
// header before anything is decoded, so a file declaring 100,000 × 100,000 pixels is refused
// without allocating them; then two copies are made for people to see, turned upright and with
// every metadata block (EXIF: device, GPS position, times) left out: the full picture, and a
// thumbnail for pages. The original bytes are kept as evidence, with their SHA-256, and never served.

/** The most pixels an uploaded photo may have: 50 megapixels (phones' largest usual mode). */
export const MAX_PHOTO_PIXELS = 50_000_000;
/** The thumbnail's longer side, in pixels: sharp on a 2x phone screen at half its width. */
export const THUMB_EDGE = 640;

export type Inspected = { ok: true; width: number; height: number } | { ok: false; problem: "notAnImage" | "tooManyPixels" };

/** The image's size from its header alone; refuses one that cannot be read or is too large to decode. */
export async function inspectImage(bytes: Buffer): Promise<Inspected> {
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    return { ok: false, problem: "notAnImage" };
  }
  if (!meta.width || !meta.height) return { ok: false, problem: "notAnImage" };
  if (meta.width * meta.height > MAX_PHOTO_PIXELS) return { ok: false, problem: "tooManyPixels" };
  // Orientation 5–8 means the stored rows are columns: people see it the other way round.
  const turned = (meta.orientation ?? 1) >= 5;
  return { ok: true, width: turned ? meta.height : meta.width, height: turned ? meta.width : meta.height };
}

export type Derived = { full: Buffer; fullType: string; thumb: Buffer; thumbType: string };

/**
 * The copies people see: upright, without metadata (sharp writes none unless asked), the full one in
 * the original's format, the thumbnail as WebP. Throws if the pixels cannot be decoded after all
 * (a header that lied): the upload is then refused as not an image.
 */
export async function deriveImages(bytes: Buffer): Promise<Derived> {
  const source = () => sharp(bytes, { limitInputPixels: MAX_PHOTO_PIXELS, failOn: "error" }).rotate();
  const format = (await sharp(bytes, { limitInputPixels: MAX_PHOTO_PIXELS }).metadata()).format;
  const full =
    format === "png"
      ? { data: await source().png({ compressionLevel: 8 }).toBuffer(), type: "image/png" }
      : format === "webp"
        ? { data: await source().webp({ quality: 85 }).toBuffer(), type: "image/webp" }
        : { data: await source().jpeg({ quality: 85, mozjpeg: true }).toBuffer(), type: "image/jpeg" };
  const thumb = await source().resize({ width: THUMB_EDGE, height: THUMB_EDGE, fit: "inside", withoutEnlargement: true }).webp({ quality: 75 }).toBuffer();
  return { full: full.data, fullType: full.type, thumb, thumbType: "image/webp" };
}
