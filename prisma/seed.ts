import { pathToFileURL } from "node:url";
import { hashPassword } from "~/auth/password.server";
import { closeDatabase, db } from "~/db/client.server";
import { ripeningFor } from "~/energy/ball-time";
import { createBall } from "~/energy/balls.server";
import { grantEnergy } from "~/energy/ledger.server";
import { wallTimeOf } from "~/energy/local-time";
import type { Boundary, Ring } from "~/projects/boundary";
import { createProject } from "~/projects/manage.server";
import { blobRing } from "~/projects/shapes";
import { seedEvidence } from "./seed-evidence";
import { seedFund } from "./seed-fund";
import { seedHouseholds } from "./seed-households";
import { seedShop } from "./seed-shop";
import { requestRedemption } from "~/redemption/redeem.server";
import { settleRedemption } from "~/redemption/settle.server";

export const DEMO_PASSWORD = "sapling-demo";

export const DEMO_USERS = {
  consumer: { email: "consumer@sapling.demo", displayName: "小明", role: "CONSUMER", grams: 60_000 },
  guardian: { email: "guardian@sapling.demo", displayName: "林守护", role: "CONSUMER", grams: 30_000 },
  operator: { email: "operator@sapling.demo", displayName: "运营 王", role: "OPERATOR", grams: 0 },
  // A second operator: payout batches need one operator to build and another to approve.
  checker: { email: "checker@sapling.demo", displayName: "复核 李", role: "OPERATOR", grams: 0 },
} as const;

const MU_M2 = 2000 / 3; // 1 mu = 666.67 m²
const TREE_SPACING_M2 = 3 * 5;
const SEA_BUCKTHORN_TREES = Math.round((23_500 * MU_M2) / TREE_SPACING_M2); // 23,500 mu at 3 m × 5 m

// Unit costs marked "ours" have no published Ant Forest figure (see DESIGN.md). The outlines are
// sketches at the right places, sized to the published areas (plus a margin for cells cut by the
// edge); they are not surveyed boundaries, which operators upload as GeoJSON.
const outline = (...rings: Ring[]): Boundary => ({ type: "MultiPolygon", coordinates: rings.map((ring) => [ring]) });

export const DEMO_PROJECTS = [
  {
    slug: "sea-buckthorn-inner-mongolia",
    kind: "FOREST",
    nameZh: "内蒙古沙棘经济林",
    nameEn: "Sea-buckthorn economic forest, Inner Mongolia",
    countyZh: "兴安盟 · 通辽",
    countyEn: "Xing'an League · Tongliao",
    species: "sea buckthorn (Hippophae rhamnoides)",
    art: "sea-buckthorn",
    codePrefix: "SBT",
    unitCostGrams: 18_880, // ours
    capacity: SEA_BUCKTHORN_TREES,
    // One section in Xing'an League, one in Tongliao, half the trees each.
    boundary: outline(
      blobRing([121.47, 45.06], (SEA_BUCKTHORN_TREES / 2) * TREE_SPACING_M2 * 1.03, [1, 0.75, 0.9, 1.2, 1.05, 0.8, 1.1, 0.95, 1.15]),
      blobRing([122.36, 42.94], (SEA_BUCKTHORN_TREES / 2) * TREE_SPACING_M2 * 1.03, [1.1, 0.9, 1.2, 0.85, 1, 1.1, 0.8]),
    ),
  },
  // Species with published Ant Forest costs (saxaul 17,900 g, tamarisk 22,400 g, Mongolian pine
  // 146,210 g), as the ecological forests they are planted in; capacities and outlines are ours.
  {
    slug: "saxaul-alxa",
    kind: "FOREST",
    nameZh: "阿拉善梭梭林",
    nameEn: "Saxaul forest, Alxa",
    countyZh: "内蒙古阿拉善盟",
    countyEn: "Alxa League, Inner Mongolia",
    species: "saxaul (Haloxylon ammodendron)",
    art: "saxaul",
    codePrefix: "SXL",
    unitCostGrams: 17_900,
    capacity: 100_000,
    boundary: outline(blobRing([105.69, 38.84], 100_000 * TREE_SPACING_M2 * 1.05, [1, 0.85, 1.1, 0.9, 1.2, 0.95])),
  },
  {
    slug: "tamarisk-kubuqi",
    kind: "FOREST",
    nameZh: "库布其柽柳林",
    nameEn: "Tamarisk forest, Kubuqi Desert",
    countyZh: "内蒙古鄂尔多斯市杭锦旗",
    countyEn: "Hangjin Banner, Ordos",
    species: "tamarisk (Tamarix chinensis)",
    art: "tamarisk",
    codePrefix: "TMK",
    unitCostGrams: 22_400,
    capacity: 80_000,
    boundary: outline(blobRing([108.72, 40.35], 80_000 * TREE_SPACING_M2 * 1.05, [1.1, 0.9, 1, 1.15, 0.85, 1])),
  },
  {
    slug: "mongolian-pine-zhangbei",
    kind: "FOREST",
    nameZh: "张北樟子松林",
    nameEn: "Mongolian pine forest, Zhangbei",
    countyZh: "河北省张北县",
    countyEn: "Zhangbei County, Hebei",
    species: "Mongolian pine (Pinus sylvestris var. mongolica)",
    art: "mongolian-pine",
    codePrefix: "MPN",
    unitCostGrams: 146_210,
    capacity: 50_000,
    // Coming: it opens three days after the demo is seeded, so a COMING project shows its time.
    opensInDays: 3,
    boundary: outline(blobRing([114.72, 41.16], 50_000 * TREE_SPACING_M2 * 1.05, [1, 1.1, 0.9, 1.05, 0.95])),
  },
  {
    slug: "guanba-pingwu",
    kind: "PROTECTED_AREA",
    nameZh: "四川平武关坝保护地",
    nameEn: "Guanba protected area, Pingwu, Sichuan",
    countyZh: "四川省平武县",
    countyEn: "Pingwu County, Sichuan",
    codePrefix: "GBA",
    unitCostGrams: 520, // ours, per m²
    capacity: 18_230_000, // 18.23 km² in 1-m² cells
    boundary: outline(blobRing([104.28, 32.6], 18_300_000, [1, 0.7, 0.85, 1.25, 1.1, 0.9, 1.3, 0.8, 0.95, 1.15, 0.9])),
  },
  {
    slug: "heshun-shanxi",
    kind: "PROTECTED_AREA",
    nameZh: "山西和顺保护地",
    nameEn: "Heshun protected area, Shanxi",
    countyZh: "山西省和顺县",
    countyEn: "Heshun County, Shanxi",
    codePrefix: "HSN",
    unitCostGrams: 520, // ours, per m²
    capacity: 2_000_000, // ours: 2 km² offered in 1-m² cells
    boundary: outline(blobRing([113.57, 37.33], 2_010_000, [1, 1.2, 0.9, 0.8, 1.1, 1.25])),
  },
] as const;

const hours = (n: number) => n * 3600 * 1000;

export const DEMO_PARTNER = {
  keyId: process.env.DEMO_PARTNER_KEY_ID || "demo-partner",
  secret: process.env.DEMO_PARTNER_SECRET || "demo-partner-secret-change-me",
};

/**
 * The demo operators' authenticator secret (base32): add it to any authenticator app to approve
 * payouts, refunds and energy adjustments, or read the current code off the page (DEMO_MODE).
 */
export const DEMO_TOTP_SECRET = process.env.DEMO_TOTP_SECRET || "SAPLINGDEMOTOTPSECRETFOROPERATOR";

/** Seeds the demo deployment once; a second call finds the marker and does nothing. */
export async function seedDemo(): Promise<boolean> {
  const prisma = db();
  if (await prisma.appMeta.findUnique({ where: { key: "demo-seed" } })) return false;

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const users: Record<keyof typeof DEMO_USERS, string> = { consumer: "", guardian: "", operator: "", checker: "" };
  for (const [key, user] of Object.entries(DEMO_USERS) as [keyof typeof DEMO_USERS, (typeof DEMO_USERS)[keyof typeof DEMO_USERS]][]) {
    const row = await prisma.user.upsert({
      where: { email: user.email },
      update: {},
      create: {
        email: user.email,
        displayName: user.displayName,
        role: user.role,
        passwordHash,
        ...(user.role === "OPERATOR" ? { totpSecret: DEMO_TOTP_SECRET, totpEnabledAt: new Date() } : {}),
      },
    });
    users[key] = row.id;
    if (user.grams > 0) await prisma.$transaction((tx) => grantEnergy(tx, row.id, user.grams, `seed:grant:${user.email}`));
  }

  const projects: Record<string, string> = {};
  for (const project of DEMO_PROJECTS) {
    const { boundary, opensInDays = 0, ...fields } = project as typeof project & { opensInDays?: number };
    const existing = await prisma.project.findUnique({ where: { slug: project.slug } });
    const opensAt = wallTimeOf(new Date(Date.now() + opensInDays * 24 * 3600 * 1000), "Asia/Shanghai");
    const created = existing ? null : await createProject({ ...fields, opensAt }, JSON.stringify(boundary));
    if (created && !created.ok) throw new Error(`Seed project ${project.slug} did not lay out: ${JSON.stringify(created.problems)}`);
    projects[project.slug] = existing?.id ?? (created as { project: { id: string } }).project.id;
  }

  const now = Date.now();
  const ripeBalls = [
    ["walking", 296],
    ["metro_ride", 52],
    ["utility_bill", 262],
  ] as const;
  const growingBalls = [
    ["bus_ride", 80],
    ["e_invoice", 5],
  ] as const;
  const ripe = { ripensAt: new Date(now - hours(1)), expiresAt: new Date(now + hours(71)) };
  const growing = ripeningFor(new Date(now));
  const balls = [
    ...ripeBalls.map(([actionType, grams]) => ({ owner: "consumer", actionType, grams, times: ripe }) as const),
    ...growingBalls.map(([actionType, grams]) => ({ owner: "consumer", actionType, grams, times: growing }) as const),
    { owner: "guardian", actionType: "walking", grams: 296, times: ripe },
    { owner: "guardian", actionType: "bus_ride", grams: 80, times: ripe },
  ] as const;
  for (const ball of balls) {
    await prisma.$transaction((tx) => createBall(tx, { userId: users[ball.owner], actionType: ball.actionType, grams: ball.grams, occurredAt: new Date(now), times: ball.times }));
  }

  // The consumer and the guardian are friends, so stealing and watering can be tried at once.
  await prisma.friendship.createMany({
    data: [
      { userId: users.consumer, friendId: users.guardian },
      { userId: users.guardian, friendId: users.consumer },
    ],
    skipDuplicates: true,
  });

  // The partner that posts actions in the demo; its key id and secret come from the environment.
  await prisma.partner.upsert({
    where: { id: DEMO_PARTNER.keyId },
    update: {},
    create: { id: DEMO_PARTNER.keyId, name: "Demo partner (payments, transit, utilities)", secret: DEMO_PARTNER.secret },
  });

  // The guardian already holds 20 m² of Guanba: redeemed and settled through the real path.
  const redemption = await requestRedemption({
    userId: users.guardian,
    projectId: projects["guanba-pingwu"]!,
    quantity: 20,
    idempotencyKey: "seed:guardian:guanba",
  });
  await settleRedemption(redemption.id);
  await seedEvidence(projects, users);
  await seedShop(projects);
  await seedHouseholds(projects, users.consumer);
  await seedFund(projects);

  await prisma.appMeta.create({ data: { key: "demo-seed", value: new Date().toISOString() } });
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  seedDemo()
    .then((seeded) => console.log(seeded ? "Demo data seeded." : "Demo data was already there."))
    .finally(() => closeDatabase());
}
