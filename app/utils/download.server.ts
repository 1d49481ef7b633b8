import { env } from "./env.server";
import contentDisposition from "content-disposition";

/**
 * The Content-Disposition of a file to save: any name (an id from the URL, a Chinese title) is
 * encoded as RFC 6266 asks, with an ASCII fallback, so it can never break the header.
 */
export function attachment(filename: string): string {
  return contentDisposition(filename, { type: "attachment" });
}

/** A CSV file to save (written by csvFile in utils/csv-file.ts). */
export function csvDownload(csv: string, filename: string): Response {
  return new Response(csv, { headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": attachment(filename) } });
}

/** Where people reach the site, for links they take elsewhere (a QR code, a shared invite): PUBLIC_URL, else this request's origin. */
export function publicOrigin(request: Request): string {
  return (env().PUBLIC_URL ?? new URL(request.url).origin).replace(/\/$/, "");
}
