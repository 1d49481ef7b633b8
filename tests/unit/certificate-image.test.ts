import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { certificatePng } from "~/redemption/certificate-image.server";
import { issueDate } from "~/redemption/issue-date";

type Certificate = Parameters<typeof certificatePng>[0];

const certificate = (holder: string): Certificate => ({
  number: "SAP-0000-0000-0000-0001",
  projectId: "project-1",
  holder,
  giftFrom: null,
  team: null,
  project: {
    slug: "guanba",
    kind: "PROTECTED_AREA",
    name: { zh: "关坝沟保护地", en: "Guanba protected area" },
    county: { zh: "平武县", en: "Pingwu County" },
    species: null,
    art: "land",
    timeZone: "Asia/Shanghai",
  },
  units: 20,
  plots: [],
  issuedAt: "2026-12-01T08:00:00.000Z",
});

/** The pixels of the holder's line (drawn at y = 250, 44 px high, from x = 80). */
async function holderLine(holder: string) {
  const png = PNG.sync.read(await certificatePng(certificate(holder), "https://sapling.example/certificates/SAP-0000-0000-0000-0001"));
  const rows: number[] = [];
  let inked = 0;
  for (let y = 190; y < 265; y++) {
    for (let x = 80; x < 700; x++) {
      const i = (y * png.width + x) * 4;
      const luminance = (png.data[i]! + png.data[i + 1]! + png.data[i + 2]!) / 3;
      rows.push(Math.round(luminance));
      if (luminance < 128) inked++;
    }
  }
  return { pixels: rows, inked };
}

describe("the certificate image", () => {
  // A machine without CJK fonts (a fresh Debian has DejaVu only) would draw both names as the
  // same row of boxes, or as nothing: the font must come with the app.
  it("draws Chinese names with their own glyphs, whatever fonts the machine has", { timeout: 30_000 }, async () => {
    const [zhang, li] = await Promise.all([holderLine("张三丰"), holderLine("李四光")]);
    expect(zhang.inked).toBeGreaterThan(200);
    expect(li.inked).toBeGreaterThan(200);
    const differing = zhang.pixels.filter((value, i) => Math.abs(value - li.pixels[i]!) > 64).length;
    expect(differing).toBeGreaterThan(200);
  });
});

describe("a certificate's issue date", () => {
  it("is the day in the project's zone, with the year and the zone named, in either language", () => {
    // 17:00 UTC on 1 December is 01:00 on 2 December in Beijing: the certificate says the 2nd.
    expect(issueDate("2026-12-01T17:00:00.000Z", "Asia/Shanghai", "en")).toBe("2 December 2026 (Beijing time)");
    expect(issueDate("2026-12-01T17:00:00.000Z", "Asia/Shanghai", "zh")).toBe("2026年12月2日（北京时间）");
    // Urumqi (UTC+6) is still on the 1st: the project's zone decides, not the server's or UTC.
    expect(issueDate("2026-12-01T17:00:00.000Z", "Asia/Urumqi", "en")).toBe("1 December 2026 (Asia/Urumqi)");
  });
});
