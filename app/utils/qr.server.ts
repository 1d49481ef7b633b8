import QRCode from "qrcode";

/** A QR code for `text` as an image URL a page can show (an SVG data URL: no request, allowed by our CSP's img-src). */
export async function qrImage(text: string): Promise<string> {
  return `data:image/svg+xml;base64,${Buffer.from(await QRCode.toString(text, { type: "svg", margin: 1 })).toString("base64")}`;
}
