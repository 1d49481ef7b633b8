import { inputProblemOf, readForm } from "~/utils/input.server";
import { MAX_PHOTO_BYTES, readPhotos, type PhotoProblem, type UploadedPhoto } from "./photos";

/** A multipart form with photos: its fields, and its photos checked to be images of a sane size. */
export async function readPhotoUpload(
  request: Request,
): Promise<{ formData: FormData; photos: UploadedPhoto[]; problems: PhotoProblem[] } | { formData: null; photos: []; problems: PhotoProblem[] }> {
  let formData: FormData;
  try {
    formData = await readForm(request, { maxFileBytes: MAX_PHOTO_BYTES });
  } catch (error) {
    const problem = inputProblemOf(error);
    if (problem?.status === 413) {
      return { formData: null, photos: [], problems: [{ code: "photoTooLarge", params: { file: String(problem.params?.field), max: MAX_PHOTO_BYTES / 1_000_000 } }] };
    }
    throw error;
  }
  const files = formData.getAll("photos").filter((value): value is File => value instanceof File && value.size > 0);
  const read = readPhotos(await Promise.all(files.map(async (file) => ({ name: file.name, bytes: Buffer.from(await file.arrayBuffer()) }))));
  return read.ok ? { formData, photos: read.photos, problems: [] } : { formData, photos: [], problems: read.problems };
}
