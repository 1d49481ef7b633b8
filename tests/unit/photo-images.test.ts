import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { deriveImages, inspectImage, MAX_PHOTO_PIXELS, THUMB_EDGE } from "~/evidence/photo-images.server";
import { declaredPng } from "../support/images";

/** A phone photo: 4000 × 3000 stored sideways (EXIF orientation 6), with the device and a GPS position. */
async function phonePhoto() {
  return sharp({ create: { width: 4000, height: 3000, channels: 3, background: "#4a7c3a" } })
    .jpeg()
    .withExif({ IFD0: { Make: "Sapling", Model: "FieldPhone" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "32/1 36/1 0/1", GPSLongitudeRef: "E", GPSLongitude: "104/1 18/1 0/1" } })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

describe("uploaded photos' pixels", () => {
  it("refuses a file declaring more pixels than a photo has, from its header, without decoding it", async () => {
    expect(await inspectImage(declaredPng(100_000, 100_000))).toEqual({ ok: false, problem: "tooManyPixels" });
    expect(await inspectImage(declaredPng(7_072, 7_072))).toEqual({ ok: false, problem: "tooManyPixels" });
    expect(7_072 * 7_072).toBeGreaterThan(MAX_PHOTO_PIXELS);
    expect(await inspectImage(Buffer.from("GIF89a not really"))).toEqual({ ok: false, problem: "notAnImage" });
  });

  it("measures a photo as people see it (turned upright)", async () => {
    expect(await inspectImage(await phonePhoto())).toEqual({ ok: true, width: 3000, height: 4000 });
  });

  it("serves copies without the device or position, upright, and a small thumbnail", async () => {
    const original = await phonePhoto();
    expect(original.includes(Buffer.from("FieldPhone"))).toBe(true);
    const { full, fullType, thumb, thumbType } = await deriveImages(original);
    for (const copy of [full, thumb]) {
      const meta = await sharp(copy).metadata();
      expect(meta.exif).toBeUndefined();
      expect(meta.orientation ?? 1).toBe(1);
      expect(copy.includes(Buffer.from("FieldPhone"))).toBe(false);
    }
    expect([fullType, thumbType]).toEqual(["image/jpeg", "image/webp"]);
    expect(await sharp(full).metadata()).toMatchObject({ width: 3000, height: 4000 });
    expect(await sharp(thumb).metadata()).toMatchObject({ width: 480, height: THUMB_EDGE });
  });

  it("refuses, when decoding, a file whose header lies about its size", async () => {
    await expect(deriveImages(declaredPng(100_000, 100_000))).rejects.toThrow();
  });
});
