import { randomBytes } from "node:crypto";
import { crc32, deflateSync } from "node:zlib";
import { PNG } from "pngjs";
import { readPhotos, type UploadedPhoto } from "~/evidence/photos";

/**
 * A PNG whose header declares `width` × `height` pixels over a few bytes of data: the shape of a
 * decompression bomb, for checking that uploads are measured before they are decoded.
 */
export function declaredPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk("IHDR", header), chunk("IDAT", deflateSync(Buffer.alloc(64))), chunk("IEND", Buffer.alloc(0))]);
}

/** Degrees as EXIF's degrees, minutes and seconds (rationals, seconds to a thousandth). */
function dms(value: number): string {
  const abs = Math.abs(value);
  const degrees = Math.floor(abs);
  const minutes = Math.floor((abs - degrees) * 60);
  const seconds = Math.round(((abs - degrees) * 60 - minutes) * 60 * 1000);
  return `${degrees}/1 ${minutes}/1 ${seconds}/1000`;
}

let photoCount = 0;

/**
 * A phone's JPEG with a GPS position in its EXIF (or none), different bytes each call. sharp writes
 * the EXIF as a camera would; exifr reads it back to within a centimetre.
 */
export async function phonePhoto(position: { lat: number; lon: number } | null, takenAt = "2026:12:01 10:20:30"): Promise<Buffer> {
  const sharp = (await import("sharp")).default;
  photoCount += 1;
  const image = sharp({ create: { width: 48, height: 32, channels: 3, background: { r: (photoCount * 37) % 256, g: (process.pid + photoCount * 11) % 256, b: 90 } } }).jpeg();
  const exif = {
    IFD0: { Make: "Sapling", Model: "FieldPhone" },
    IFD2: { DateTimeOriginal: takenAt },
    ...(position ? { IFD3: { GPSLatitudeRef: position.lat >= 0 ? "N" : "S", GPSLatitude: dms(position.lat), GPSLongitudeRef: position.lon >= 0 ? "E" : "W", GPSLongitude: dms(position.lon) } } : {}),
  };
  return image.withExif(exif).toBuffer();
}

/** A tiny real PNG, read as an upload is, whose bytes (and so hash) no other call here or in another test file makes. */
export function uniquePhoto(name?: string): UploadedPhoto {
  const png = new PNG({ width: 4, height: 4 });
  png.data.fill(255);
  randomBytes(32).copy(png.data, 0);
  const fileName = name ?? `photo-${++photoCount}.png`;
  const read = readPhotos([{ name: fileName, bytes: PNG.sync.write(png) }]);
  if (!read.ok) throw new Error("not a photo");
  return read.photos[0]!;
}
