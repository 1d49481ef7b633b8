import { Resvg } from "@resvg/resvg-js";
import { createRequire } from "node:module";
import path from "node:path";
import QRCode from "qrcode";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { TreeArt } from "~/components/tree-art";
import type { findCertificate } from "./certificates.server";

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

/** The certificate as a 1200 × 800 PNG, with a QR code for its public verification page. */
export async function certificatePng(certificate: Certificate, verifyUrl: string): Promise<Buffer> {
  const qr = await QRCode.toString(verifyUrl, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  const qrInner = qr.replace(/^[\s\S]*?<svg[^>]*>/, "").replace(/<\/svg>\s*$/, "");
  const qrViewBox = qr.match(/viewBox="([^"]+)"/)?.[1] ?? "0 0 33 33";
  const forest = certificate.project.kind === "FOREST";
  const units = forest ? `${certificate.units} 棵 · ${certificate.units} tree${certificate.units === 1 ? "" : "s"}` : `${certificate.units} 平方米 · ${certificate.units} m²`;
  const plots = certificate.plots.map((p) => p.code).join("  ");
  const first = certificate.plots[0]?.place;
  const where = first
    ? [first.stand !== null ? `Stand ${first.stand} · row ${first.row} · tree ${first.tree}` : null, degrees(first.centre)]
        .filter(Boolean)
        .join(" · ")
    : null;
  const lines = [
    { y: 150, size: 46, weight: 700, text: "树苗种植证书 · Sapling Planting Certificate" },
    { y: 250, size: 44, weight: 700, text: certificate.holder },
    { y: 320, size: 30, weight: 400, text: certificate.project.name.zh },
    { y: 365, size: 26, weight: 400, text: certificate.project.name.en },
    { y: 430, size: 30, weight: 400, text: units },
    ...(certificate.giftFrom ? [{ y: 480, size: 26, weight: 400, text: `${certificate.giftFrom} 赠 · A gift from ${certificate.giftFrom}` }] : []),
    ...(certificate.team ? [{ y: 480, size: 26, weight: 400, text: `合种 · Planted together: ${certificate.team.members.join(", ")}`.slice(0, 70) }] : []),
    { y: 560, size: 24, weight: 400, text: plots.length > 60 ? `${plots.slice(0, 57)}…` : plots },
    ...(where ? [{ y: 600, size: 22, weight: 400, text: where }] : []),
    { y: 700, size: 30, weight: 700, text: certificate.number },
    { y: 745, size: 22, weight: 400, text: certificate.issuedAt.slice(0, 10) },
  ];
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800" viewBox="0 0 1200 800">
  <rect width="1200" height="800" fill="#fbfdf8"/>
  <rect x="24" y="24" width="1152" height="752" rx="24" fill="none" stroke="#2f7d32" stroke-width="6"/>
  ${lines
    .map((l) => `<text x="80" y="${l.y}" font-family="${FONT_FAMILY}" font-size="${l.size}" font-weight="${l.weight}" fill="#1f2a1f">${escape(l.text)}</text>`)
    .join("\n  ")}
  ${renderToStaticMarkup(createElement(TreeArt, { art: certificate.project.art, stage: "ready", x: 1020, y: 470, size: 1.55 }))}
  <svg x="900" y="500" width="240" height="240" viewBox="${qrViewBox}">${qrInner}</svg>
</svg>`;
  return new Resvg(svg, { font: { fontFiles: CERTIFICATE_FONTS, loadSystemFonts: false, defaultFontFamily: FONT_FAMILY } }).render().asPng();
}
