import { Resvg } from "@resvg/resvg-js";
import { createRequire } from "node:module";
import path from "node:path";
import QRCode from "qrcode";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { TreeArt } from "~/components/tree-art";
import { attachment, publicOrigin } from "~/utils/download.server";
import { findCertificate } from "./certificates.server";
import { issueDate } from "./issue-date";

type Certificate = NonNullable<Awaited<ReturnType<typeof findCertificate>>>;

const degrees = ({ lat, lon }: { lat: number; lon: number }) =>
  `${Math.abs(lat).toFixed(6)}° ${lat >= 0 ? "N" : "S"}, ${Math.abs(lon).toFixed(6)}° ${lon >= 0 ? "E" : "W"}`;

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// Noto Sans SC (SIL Open Font License 1.1, shipped by @expo-google-fonts/noto-sans-sc) covers
// Chinese and Latin text, so the image reads the same on every machine: the host's own fonts are
// never consulted, and a server with no CJK font installed still renders names, not boxes.
const FONT_FAMILY = "Noto Sans SC";
const fontDir = path.dirname(createRequire(import.meta.url).resolve("@expo-google-fonts/noto-sans-sc/package.json"));
const CERTIFICATE_FONTS = [
  path.join(fontDir, "400Regular", "NotoSansSC_400Regular.ttf"),
  path.join(fontDir, "700Bold", "NotoSansSC_700Bold.ttf"),
];

const STATUS = { ALLOCATED: ["已分配", "Allocated"], PLANTED: ["已种植", "Planted"], VERIFIED: ["已核验", "Verified"], REPLANT_DUE: ["待补种", "To be replanted"] } as const;

/** The plots' state in both languages: one word when they agree, else how many are in each. */
function stateLine(plots: Certificate["plots"]): string {
  const counts = new Map<keyof typeof STATUS, number>();
  for (const plot of plots) counts.set(plot.status, (counts.get(plot.status) ?? 0) + 1);
  const entries = [...counts];
  if (entries.length <= 1) {
    const [zh, en] = STATUS[entries[0]?.[0] ?? "ALLOCATED"];
    return `${zh} · ${en}`;
  }
  return `${entries.map(([s, n]) => `${STATUS[s][0]} ${n}`).join(" / ")} · ${entries.map(([s, n]) => `${STATUS[s][1]} ${n}`).join(" / ")}`;
}

type Line = { size: number; weight: 400 | 700; text: string; gap?: number };

/** What the certificate says, top to bottom, the same on the landscape image and the portrait poster. */
function linesOf(certificate: Certificate, width: number): Line[] {
  const forest = certificate.project.kind === "FOREST";
  const units = forest ? `${certificate.units} 棵 · ${certificate.units} tree${certificate.units === 1 ? "" : "s"}` : `${certificate.units} 平方米 · ${certificate.units} m²`;
  const plots = certificate.plots.map((p) => p.code).join("  ");
  const first = certificate.plots[0]?.place;
  const where = first
    ? [first.stand !== null ? `Stand ${first.stand} · row ${first.row} · tree ${first.tree}` : null, degrees(first.centre)].filter(Boolean).join(" · ")
    : null;
  const fit = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
  const chars = Math.floor(width / 14);
  const { timeZone } = certificate.project;
  return [
    { size: 44, weight: 700, text: "树苗种植证书 · Sapling Planting Certificate" },
    { size: 44, weight: 700, text: fit(certificate.holder, 40), gap: 100 },
    ...(certificate.giftFrom ? [{ size: 26, weight: 400 as const, text: fit(`${certificate.giftFrom} 赠 · A gift from ${certificate.giftFrom}`, chars) }] : []),
    ...(certificate.team ? [{ size: 26, weight: 400 as const, text: fit(`合种 · Planted together: ${certificate.team.members.join(", ")}`, chars) }] : []),
    { size: 30, weight: 400, text: certificate.project.name.zh, gap: 70 },
    { size: 26, weight: 400, text: certificate.project.name.en },
    { size: 24, weight: 400, text: `${certificate.project.county.zh} · ${certificate.project.county.en}` },
    { size: 30, weight: 700, text: units, gap: 60 },
    { size: 24, weight: 400, text: stateLine(certificate.plots) },
    { size: 22, weight: 400, text: fit(plots, chars), gap: 50 },
    ...(where ? [{ size: 22, weight: 400 as const, text: where }] : []),
    { size: 30, weight: 700, text: certificate.number, gap: 70 },
    { size: 22, weight: 400, text: `签发于 ${issueDate(certificate.issuedAt, timeZone, "zh")} · Issued ${issueDate(certificate.issuedAt, timeZone, "en")}` },
  ];
}

const LAYOUTS = {
  /** 1200 × 800, to print or keep: text on the left, the tree and the QR code on the right. */
  landscape: { width: 1200, height: 800, textTop: 150, art: { x: 1020, y: 470, size: 1.55 }, qr: { x: 900, y: 500, size: 240 } },
  /** 1080 × 1920, a phone's screen: the tree above, the text, the QR code at the foot. */
  portrait: { width: 1080, height: 1920, textTop: 760, art: { x: 540, y: 640, size: 3.2 }, qr: { x: 390, y: 1560, size: 300 } },
} as const;

export type CertificateLayout = keyof typeof LAYOUTS;

/** The certificate as a PNG, with a QR code for its public verification page. */
export async function certificatePng(certificate: Certificate, verifyUrl: string, layout: CertificateLayout = "landscape"): Promise<Buffer> {
  const frame = LAYOUTS[layout];
  const qr = await QRCode.toString(verifyUrl, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  const qrInner = qr.replace(/^[\s\S]*?<svg[^>]*>/, "").replace(/<\/svg>\s*$/, "");
  const qrViewBox = qr.match(/viewBox="([^"]+)"/)?.[1] ?? "0 0 33 33";
  let y = frame.textTop;
  const text = linesOf(certificate, layout === "landscape" ? 760 : 960).map((line, i) => {
    if (i > 0) y += line.gap ?? line.size + 14;
    return `<text x="80" y="${y}" font-family="${FONT_FAMILY}" font-size="${line.size}" font-weight="${line.weight}" fill="#1f2a1f">${escape(line.text)}</text>`;
  });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${frame.width}" height="${frame.height}" viewBox="0 0 ${frame.width} ${frame.height}">
  <rect width="${frame.width}" height="${frame.height}" fill="#fbfdf8"/>
  <rect x="24" y="24" width="${frame.width - 48}" height="${frame.height - 48}" rx="24" fill="none" stroke="#2f7d32" stroke-width="6"/>
  ${text.join("\n  ")}
  ${renderToStaticMarkup(createElement(TreeArt, { art: certificate.project.art, stage: "ready", ...frame.art }))}
  <svg x="${frame.qr.x}" y="${frame.qr.y}" width="${frame.qr.size}" height="${frame.qr.size}" viewBox="${qrViewBox}">${qrInner}</svg>
</svg>`;
  return new Resvg(svg, { font: { fontFiles: CERTIFICATE_FONTS, loadSystemFonts: false, defaultFontFamily: FONT_FAMILY } }).render().asPng();
}

/** GET of a certificate's image or poster: the PNG to download, its QR code pointing to the verification page. */
export async function certificateDownload(request: Request, number: string, layout: CertificateLayout): Promise<Response> {
  const certificate = await findCertificate(number);
  if (!certificate) return new Response("No certificate with that number", { status: 404 });
  const png = await certificatePng(certificate, `${publicOrigin(request)}/certificates/${certificate.number}`, layout);
  return new Response(new Uint8Array(png), {
    headers: {
      "Content-Type": "image/png",
      "Content-Disposition": attachment(`${certificate.number}${layout === "portrait" ? "-poster" : ""}.png`),
      "Cache-Control": "public, max-age=3600",
    },
  });
}
