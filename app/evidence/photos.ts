import { createHash } from "node:crypto";

// Photos are evidence: each is kept byte for byte with its SHA-256, and must really be an image.

export const MAX_PHOTO_BYTES = 8_000_000;
export const MAX_PHOTOS = 10;

/** A photo as uploaded; `seen` holds the copies people are shown, once made (photo-images.server.ts). */
export type UploadedPhoto = {
  fileName: string;
  contentType: string;
  bytes: Buffer;
  sha256: string;
  seen?: { width: number; height: number; full: Buffer; fullType: string; thumb: Buffer; thumbType: string };
};
export type PhotoProblem =
  | { code: "notAnImage"; params: { file: string } }
  | { code: "photoTooLarge"; params: { file: string; max: number } }
  | { code: "tooManyPixels"; params: { file: string; max: number } }
  | { code: "tooManyPhotos"; params: { max: number } }
  | { code: "samePhotoTwice"; params: { file: string; other: string } };

const SIGNATURES: { type: string; test: (b: Buffer) => boolean }[] = [
  { type: "image/jpeg", test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { type: "image/png", test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { type: "image/webp", test: (b) => b.subarray(0, 4).toString("latin1") === "RIFF" && b.subarray(8, 12).toString("latin1") === "WEBP" },
];

/** The image type from the file's first bytes, whatever its name or declared type says. */
export function imageType(bytes: Buffer): string | null {
  return SIGNATURES.find((s) => s.test(bytes))?.type ?? null;
}

export function readPhotos(files: { name: string; bytes: Buffer }[]): { ok: true; photos: UploadedPhoto[] } | { ok: false; problems: PhotoProblem[] } {
  if (files.length > MAX_PHOTOS) return { ok: false, problems: [{ code: "tooManyPhotos", params: { max: MAX_PHOTOS } }] };
  const problems: PhotoProblem[] = [];
  const photos: UploadedPhoto[] = [];
  for (const file of files) {
    const contentType = imageType(file.bytes);
    if (file.bytes.length > MAX_PHOTO_BYTES) problems.push({ code: "photoTooLarge", params: { file: file.name, max: MAX_PHOTO_BYTES / 1_000_000 } });
    else if (!contentType) problems.push({ code: "notAnImage", params: { file: file.name } });
    else {
      const sha256 = createHash("sha256").update(file.bytes).digest("hex");
      const twin = photos.find((p) => p.sha256 === sha256);
      if (twin) problems.push({ code: "samePhotoTwice", params: { file: file.name, other: twin.fileName } });
      else photos.push({ fileName: file.name, contentType, bytes: file.bytes, sha256 });
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, photos };
}
