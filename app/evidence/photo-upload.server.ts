import { Refused } from "~/utils/refused";
import { readPhotos } from "./photos";

/**
 * The photos a form carried (files of its "photos" field), checked to be images of a sane size.
 * Their problems refuse the operation as one refusal, "problems", listing them
 * (evidenceForm.problems.*).
 */
export async function checkedPhotos(uploads: File[]) {
  const read = readPhotos(await Promise.all(uploads.filter((file) => file.size > 0).map(async (file) => ({ name: file.name, bytes: Buffer.from(await file.arrayBuffer()) }))));
  if (!read.ok) throw new Refused("problems", {}, read.problems);
  return read.photos;
}
