import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { evidenceForPlot, findPlotForViewer, photoForViewer } from "~/evidence/access.server";
import { recordEvidence, recordPatrol, type EvidenceInput } from "~/evidence/evidence.server";
import { photoCopy } from "~/evidence/photo-store.server";
import { saveProduct } from "~/commerce/products.server";
import { countersByProject, FEED_PAGE, postNews, projectFeed } from "~/projects/area.server";
import { listPlotsHeld } from "~/projects/plots.server";
import { requestRedemption } from "~/redemption/redeem.server";
import { settleProject } from "~/redemption/settle.server";
import { createTestProject, createTestUser, expectLedgerConsistent } from "../support/factories";
import { uniquePhoto } from "../support/images";

afterEach(expectLedgerConsistent);

const photo = uniquePhoto;

/** A forest with one user's trees in it, settled; `trees` of them. */
async function forestWithTrees(trees: number) {
  // A 46 × 46 square of trees: four stands, the first a full 32 × 32.
  const project = await createTestProject({ capacity: 2048, unitCostGrams: 10, kind: "FOREST" });
  const holder = await createTestUser({ grams: 100_000 });
  await requestRedemption({ userId: holder.id, projectId: project.id, quantity: Math.min(trees, 10), idempotencyKey: randomUUID() });
  await settleProject(project.id);
  const plots = await listPlotsHeld(holder.id);
  return { project, holder, plots };
}

async function guardedLand(users: number) {
  const project = await createTestProject({ capacity: 2_500, unitCostGrams: 1, kind: "PROTECTED_AREA" });
  const holders = await Promise.all(Array.from({ length: users }, () => createTestUser({ grams: 1_000 })));
  for (const holder of holders) await requestRedemption({ userId: holder.id, projectId: project.id, quantity: 25, idempotencyKey: randomUUID() });
  await settleProject(project.id);
  const plots = await Promise.all(holders.map(async (h) => (await listPlotsHeld(h.id))[0]!));
  return { project, holders, plots };
}

function evidence(projectId: string, place: { centre: { lat: number; lon: number } }, operatorId: string, rest: Partial<EvidenceInput> & Pick<EvidenceInput, "target">): EvidenceInput {
  return {
    projectId,
    kind: "PLANTING",
    occurredOn: "2026-11-20",
    latitude: place.centre.lat,
    longitude: place.centre.lon,
    crew: "Village crew",
    notes: "",
    photos: [photo()],
    recordedById: operatorId,
    ...rest,
  };
}

describe("planting and audit records", () => {
  it("moves a stand's allocated trees to PLANTED, then an audit to VERIFIED, and never twice", async () => {
    const { project, holder, plots } = await forestWithTrees(3);
    const operator = await createTestUser({ role: "OPERATOR" });
    expect(plots.map((p) => p.place!.stand)).toEqual([1, 1, 1]);
    const at = plots[0]!.place!;

    const planted = await recordEvidence(evidence(project.id, at, operator.id, { target: { stand: 1 } }));
    expect(planted).toMatchObject({ ok: true, plotsMoved: 3 });
    expect(await recordEvidence(evidence(project.id, at, operator.id, { target: { stand: 1 } }))).toMatchObject({ ok: true, plotsMoved: 0 });
    // Stand 2 holds none of them.
    expect(await recordEvidence(evidence(project.id, at, operator.id, { target: { stand: 2 } }))).toMatchObject({ ok: true, plotsMoved: 0 });

    const audited = await recordEvidence(evidence(project.id, at, operator.id, { kind: "AUDIT", target: { plotCode: plots[1]!.code } }));
    expect(audited).toMatchObject({ ok: true, plotsMoved: 1 });
    expect((await listPlotsHeld(holder.id)).map((p) => p.status)).toEqual(["PLANTED", "VERIFIED", "PLANTED"]);
    // The holder hears of each move once: the stand's planting of their three trees, the one audit.
    const notices = await db().outboxEvent.findMany({ where: { topic: "notification", payload: { path: ["to"], equals: [holder.id] } }, orderBy: { id: "asc" } });
    expect(notices.map((n) => n.payload as { kind: string; params: { units: number; href: string } }).map((e) => [e.kind, e.params.units, e.params.href])).toEqual([
      ["plot_planted", 3, "/plots"],
      ["plot_verified", 1, `/plots/${plots[1]!.code}`],
    ]);

    // The tree's records: its own audit and its stand's plantings (not stand 2's).
    const records = await evidenceForPlot(plots[1]!, 1);
    expect(records.map((r) => [r.kind, r.stand, r.plotId !== null])).toEqual(
      expect.arrayContaining([
        ["AUDIT", null, true],
        ["PLANTING", 1, false],
        ["PLANTING", 1, false],
      ]),
    );
    expect(records).toHaveLength(3);

    const counters = (await countersByProject(project.id)).get(project.id)!;
    expect(counters).toEqual({ energyRedeemedGrams: 30, plotsRedeemed: 3, unitsRedeemed: 3, plotsPlanted: 3, plotsVerified: 1, plotsSurvivingThreeYears: 0 });
  });

  it("refuses records that cannot be true, and stores nothing for them", async () => {
    const { project, plots } = await forestWithTrees(1);
    const operator = await createTestUser({ role: "OPERATOR" });
    const at = plots[0]!.place!;
    const before = await db().plotEvidence.count({ where: { projectId: project.id } });
    expect(await recordEvidence(evidence(project.id, at, operator.id, { target: { stand: 9 } }))).toEqual({ ok: false, problems: [{ code: "standNotFound", params: { stand: 9, stands: 4 } }] });
    expect(await recordEvidence(evidence(project.id, at, operator.id, { target: { plotCode: "NOPE-00000001" } }))).toEqual({
      ok: false,
      problems: [{ code: "plotNotFound", params: { code: "NOPE-00000001" } }],
    });
    expect(await recordEvidence(evidence(project.id, { centre: { lat: 39.9, lon: 116.4 } }, operator.id, { target: { stand: 1 } }))).toEqual({
      ok: false,
      problems: [{ code: "outsideBoundary", params: { lat: 39.9, lon: 116.4 } }],
    });
    expect(await recordEvidence(evidence(project.id, at, operator.id, { target: { stand: 1 }, photos: [] }))).toEqual({ ok: false, problems: [{ code: "noPhoto" }] });
    expect(await db().plotEvidence.count({ where: { projectId: project.id } })).toBe(before);
    expect((await db().plot.findUniqueOrThrow({ where: { id: plots[0]!.id } })).status).toBe("ALLOCATED");
  });
});

describe("one photo, one place", () => {
  it("refuses a photo already attached to another plot, saying where, and rolls the whole record back", async () => {
    const { project, plots } = await guardedLand(2);
    const operator = await createTestUser({ role: "OPERATOR" });
    const shared = photo("stream-bank.png");
    const first = await recordEvidence(evidence(project.id, plots[0]!.place!, operator.id, { target: { plotCode: plots[0]!.code }, photos: [shared] }));
    expect(first).toMatchObject({ ok: true, plotsMoved: 1 });

    const again = await recordEvidence(
      evidence(project.id, plots[1]!.place!, operator.id, { target: { plotCode: plots[1]!.code }, photos: [photo(), { ...shared, fileName: "renamed.png" }] }),
    );
    expect(again).toEqual({ ok: false, problems: [{ code: "photoUsedForPlot", params: { file: "renamed.png", plot: plots[0]!.code, date: "2026-11-20" } }] });
    expect(await db().plotEvidence.count({ where: { plotId: plots[1]!.id } })).toBe(0);
    expect((await db().plot.findUniqueOrThrow({ where: { id: plots[1]!.id } })).status).toBe("ALLOCATED");
    // Nor can a patrol reuse it.
    expect(await recordPatrol({ projectId: project.id, occurredOn: "2026-11-21", route: "ridge", observations: "none", photos: [shared], recordedById: operator.id })).toMatchObject({
      ok: false,
      problems: [{ code: "photoUsedForPlot" }],
    });
  });

  it("keeps a product's photo its own too", async () => {
    const { project, plots } = await guardedLand(1);
    const operator = await createTestUser({ role: "OPERATOR" });
    const shared = photo("honey-jar.png");
    const input = {
      projectId: project.id,
      slug: `honey-${randomUUID().slice(0, 8)}`,
      nameZh: "蜂蜜",
      nameEn: "Honey",
      descriptionZh: "",
      descriptionEn: "",
      unitZh: "瓶",
      unitEn: "jar",
      price: 8_800n,
      unitCost: 5_200n,
      stockChange: 10,
    };
    expect(await saveProduct(null, input, [shared], operator.id)).toMatchObject({ ok: true });
    const reused = await recordEvidence(evidence(project.id, plots[0]!.place!, operator.id, { target: { plotCode: plots[0]!.code }, photos: [shared] }));
    expect(reused).toEqual({ ok: false, problems: [{ code: "photoUsedForProduct", params: { file: "honey-jar.png", product: "Honey" } }] });
    expect(await saveProduct(null, { ...input, slug: `${input.slug}-2` }, [shared], operator.id)).toMatchObject({ ok: false, problems: [{ code: "photoUsedForProduct" }] });
    expect(await db().product.count({ where: { slug: `${input.slug}-2` } })).toBe(0);
  });

  it("lets exactly one of two simultaneous uploads of the same photo for different plots through", async () => {
    for (let round = 0; round < 5; round++) {
      const { project, plots } = await guardedLand(2);
      const operator = await createTestUser({ role: "OPERATOR" });
      const shared = photo();
      const results = await Promise.all(
        plots.map((plot) => recordEvidence(evidence(project.id, plot.place!, operator.id, { target: { plotCode: plot.code }, photos: [shared] }))),
      );
      expect(results.filter((r) => r!.ok)).toHaveLength(1);
      expect(results.filter((r) => !r!.ok)).toEqual([{ ok: false, problems: [expect.objectContaining({ code: "photoUsedForPlot" })] }]);
      expect(await db().photo.count({ where: { sha256: shared.sha256 } })).toBe(1);
      expect(await db().plotEvidence.count({ where: { projectId: project.id } })).toBe(1);
    }
  });
});

describe("a record sent again from a ranger's device", () => {
  it("is stored once, whether sent again later or twice at once, and its photo is not refused as used", async () => {
    const { project, plots } = await guardedLand(1);
    const operator = await createTestUser({ role: "OPERATOR" });
    const clientId = randomUUID();
    const record = evidence(project.id, plots[0]!.place!, operator.id, { target: { plotCode: plots[0]!.code }, clientId });
    const [a, b] = await Promise.all([recordEvidence(record), recordEvidence(record)]);
    expect(a).toMatchObject({ ok: true, plotsMoved: 1 });
    expect(b).toMatchObject({ ok: true, plotsMoved: 1 });
    expect((a as { id: string }).id).toBe((b as { id: string }).id);
    // The tab closed before the receipt: sent again, the same answer and nothing new.
    expect(await recordEvidence(record)).toEqual({ ok: true, id: (a as { id: string }).id, plotsMoved: 1, replayed: true });
    expect(await db().plotEvidence.count({ where: { projectId: project.id } })).toBe(1);
    expect(await db().photo.count({ where: { sha256: record.photos[0]!.sha256 } })).toBe(1);
    // Another record (another id) with that photo is still refused.
    expect(await recordEvidence({ ...record, clientId: randomUUID() })).toMatchObject({ ok: false, problems: [{ code: "photoUsedForPlot" }] });
    // Another operator's device may make the same id: it is theirs, a record of its own.
    const other = await createTestUser({ role: "OPERATOR" });
    expect(await recordEvidence({ ...record, recordedById: other.id, photos: [photo()] })).toMatchObject({ ok: true, plotsMoved: 0 });
  });
});

describe("who sees what", () => {
  it("shows a plot's page to its holder and operators only; its evidence photos and patrol photos to anyone, as its public certificate does", async () => {
    const { project, holders, plots } = await guardedLand(2);
    const operator = await createTestUser({ role: "OPERATOR" });
    const [owner, neighbour] = holders;
    const recorded = await recordEvidence(evidence(project.id, plots[0]!.place!, operator.id, { target: { plotCode: plots[0]!.code } }));
    expect(recorded!.ok).toBe(true);
    const [evidencePhoto] = await db().photo.findMany({ where: { evidence: { plotId: plots[0]!.id } } });

    expect(await findPlotForViewer(plots[0]!.code, owner!)).not.toBeNull();
    expect(await findPlotForViewer(plots[0]!.code, operator)).not.toBeNull();
    expect(await findPlotForViewer(plots[0]!.code, neighbour!)).toBeNull();
    expect(await findPlotForViewer(plots[0]!.code, null)).toBeNull();

    expect(await photoForViewer(evidencePhoto!.id, owner!)).not.toBeNull();
    expect(await photoForViewer(evidencePhoto!.id, operator)).not.toBeNull();
    expect(await photoForViewer(evidencePhoto!.id, neighbour!)).not.toBeNull();
    expect(await photoForViewer(evidencePhoto!.id, null)).not.toBeNull();

    const patrol = await recordPatrol({ projectId: project.id, occurredOn: "2026-11-21", route: "ridge", observations: "two takins", photos: [photo()], recordedById: operator.id });
    expect(patrol!.ok).toBe(true);
    const [patrolPhoto] = await db().photo.findMany({ where: { patrolId: (patrol as { id: string }).id } });
    expect(await photoForViewer(patrolPhoto!.id, null)).not.toBeNull();
  });

  it("makes the copies people see for a photo stored without them, once, and never serves the original", async () => {
    const operator = await createTestUser({ role: "OPERATOR" });
    const project = await createTestProject({ capacity: 10, unitCostGrams: 1, kind: "PROTECTED_AREA" });
    const original = photo();
    const patrol = await recordPatrol({ projectId: project.id, occurredOn: "2026-11-22", route: "stream", observations: "otter tracks", photos: [original], recordedById: operator.id });
    const id = (await db().photo.findFirstOrThrow({ where: { patrolId: (patrol as { id: string }).id } })).id;
    expect(await db().photo.findUniqueOrThrow({ where: { id }, select: { thumbBytes: true } })).toEqual({ thumbBytes: null });
    const [thumb, again] = await Promise.all([photoCopy(id, "thumb"), photoCopy(id, "thumb")]);
    expect(thumb!.contentType).toBe("image/webp");
    expect(again!.bytes.equals(thumb!.bytes)).toBe(true);
    const stored = await db().photo.findUniqueOrThrow({ where: { id }, select: { thumbBytes: true, fullType: true, width: true, height: true } });
    expect(Buffer.from(stored.thumbBytes!).equals(thumb!.bytes)).toBe(true);
    expect(stored).toMatchObject({ fullType: "image/png", width: 4, height: 4 });
    const full = await photoCopy(id, "full");
    expect(full!.bytes.equals(original.bytes)).toBe(false);
    expect(await photoCopy("no-such-photo", "full")).toBeNull();
  });
});

describe("the area feed", () => {
  it("pages through news, patrols and records newest first", async () => {
    const { project } = await guardedLand(1);
    const operator = await createTestUser({ role: "OPERATOR" });
    for (let i = 1; i <= FEED_PAGE + 2; i++) {
      await postNews({ projectId: project.id, authorId: operator.id, titleZh: `消息 ${i}`, titleEn: `News ${i}`, bodyZh: "…", bodyEn: "…" });
    }
    const first = await projectFeed(project.id, null);
    expect(first.items).toHaveLength(FEED_PAGE);
    expect(first.items[0]).toMatchObject({ type: "news", title: { en: `News ${FEED_PAGE + 2}` } });
    const second = await projectFeed(project.id, new Date(first.nextBefore!));
    expect(second.items.map((item) => (item.type === "news" ? item.title.en : item.type))).toEqual(["News 2", "News 1"]);
    expect(second.nextBefore).toBeNull();
  });
});
