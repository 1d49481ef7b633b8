import { Refused } from "~/utils/refused";
import { deriveImages, inspectImage, MAX_PHOTO_PIXELS } from "./photo-images.server";
import { readPhotos, type PhotoProblem, type UploadedPhoto } from "./photos";

/**
 * The photos a form carried (files of its "photos" field), checked to be images of a sane size
 * (bytes and pixels, from the header before decoding), with the copies people will be shown made
 * (upright, no EXIF). Their problems refuse the operation as one refusal, "problems", listing them
 * (evidenceForm.problems.*).
 */
export async function checkedPhotos(uploads: File[]): Promise<UploadedPhoto[]> {
  const read = readPhotos(await Promise.all(uploads.filter((file) => file.size > 0).map(async (file) => ({ name: file.name, bytes: Buffer.from(await file.arrayBuffer()) }))));
  if (!read.ok) throw new Refused("problems", {}, read.problems);
  const problems: PhotoProblem[] = [];
  const photos: UploadedPhoto[] = [];
  for (const photo of read.photos) {
    const inspected = await inspectImage(photo.bytes);
    if (!inspected.ok) {
      problems.push(
        inspected.problem === "tooManyPixels"
          ? { code: "tooManyPixels", params: { file: photo.fileName, max: MAX_PHOTO_PIXELS / 1_000_000 } }
          : { code: "notAnImage", params: { file: photo.fileName } },
      );
      continue;
    }
    try {
      const derived = await deriveImages(photo.bytes);
      photos.push({ ...photo, seen: { width: inspected.width, height: inspected.height, ...derived } });
    } catch {
      // The header said an image; the pixels are not one.
      problems.push({ code: "notAnImage", params: { file: photo.fileName } });
    }
  }
  if (problems.length) throw new Refused("problems", {}, problems);
  return photos;
}
