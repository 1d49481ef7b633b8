import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { imageType, MAX_PHOTO_BYTES, MAX_PHOTOS, readPhotos } from "~/evidence/photos";

const png = (seed: number) => {
  const image = new PNG({ width: 2, height: 2 });
  image.data.fill(seed);
  return PNG.sync.write(image);
};

describe("evidence photos", () => {
  it("knows an image by its bytes, not its name", () => {
    expect(imageType(png(1))).toBe("image/png");
    expect(imageType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).toBe("image/jpeg");
    expect(imageType(Buffer.concat([Buffer.from("RIFF"), Buffer.alloc(4), Buffer.from("WEBPVP8 ")]))).toBe("image/webp");
    expect(imageType(Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>"))).toBeNull();
  });

  it("hashes each photo and names every file it refuses", () => {
    const read = readPhotos([{ name: "a.png", bytes: png(1) }, { name: "b.png", bytes: png(2) }]);
    expect(read.ok && read.photos.map((p) => p.sha256.length)).toEqual([64, 64]);
    expect(readPhotos([{ name: "a.png", bytes: png(1) }, { name: "copy.png", bytes: png(1) }])).toEqual({
      ok: false,
      problems: [{ code: "samePhotoTwice", params: { file: "copy.png", other: "a.png" } }],
    });
    expect(readPhotos([{ name: "notes.txt", bytes: Buffer.from("hello") }])).toEqual({ ok: false, problems: [{ code: "notAnImage", params: { file: "notes.txt" } }] });
    expect(readPhotos([{ name: "huge.png", bytes: Buffer.concat([png(3), Buffer.alloc(MAX_PHOTO_BYTES)]) }])).toEqual({
      ok: false,
      problems: [{ code: "photoTooLarge", params: { file: "huge.png", max: 8 } }],
    });
    expect(readPhotos(Array.from({ length: MAX_PHOTOS + 1 }, (_, i) => ({ name: `${i}.png`, bytes: png(i) })))).toEqual({
      ok: false,
      problems: [{ code: "tooManyPhotos", params: { max: MAX_PHOTOS } }],
    });
  });
});
