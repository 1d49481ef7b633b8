import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { recordEvidence, recordPatrol, type EvidenceInput } from "~/evidence/evidence.server";
import { recordVisit } from "~/evidence/visits.server";
import { dayText } from "~/payouts/china-days";
import { postNews } from "~/projects/area.server";
import { GUARDIAN_FEED_PAGE, guardianFeed } from "~/projects/guardian-feed.server";
import { listPlotsHeld } from "~/projects/plots.server";
import { requestRedemption } from "~/redemption/redeem.server";
import { settleProject } from "~/redemption/settle.server";
import { createTestProject, createTestUser } from "../support/factories";
import { readPhotos } from "~/evidence/photos";
import { phonePhoto, uniquePhoto } from "../support/images";

// A guardian's feed: their own plots' events (a stand's planting counts for the plots in it),
// patrols and news of their areas, their visits; nobody else's plots.

const photo = uniquePhoto;

const daysAgo = (days: number) => dayText(new Date(Date.now() - days * 86_400_000));

describe("a guardian's feed", () => {
  it("tells of their plots planted, lost, replanted, of patrols, news and their visits, and of no one else's plots", async () => {
    const forest = await createTestProject({ capacity: 2_500, unitCostGrams: 10, kind: "FOREST" });
    const area = await createTestProject({ capacity: 400, unitCostGrams: 10, kind: "PROTECTED_AREA" });
    const [ann, filler, bob, operator] = await Promise.all([createTestUser({ grams: 1_000 }), createTestUser({ grams: 20_000 }), createTestUser({ grams: 1_000 }), createTestUser({ role: "OPERATOR" })]);
    // Ann's tree in stand 1; Bob's past the filler's 1,100 trees, in another stand.
    // (Ten trees a request at most.)
    const requests = [ann, ...Array.from({ length: 110 }, () => filler), bob].map((user) => ({ user, quantity: user === filler ? 10 : 1 }));
    for (const { user, quantity } of requests) await requestRedemption({ userId: user.id, projectId: forest.id, quantity, idempotencyKey: randomUUID() });
    await settleProject(forest.id);
    await requestRedemption({ userId: ann.id, projectId: area.id, quantity: 2, idempotencyKey: randomUUID() });
    await settleProject(area.id);
    const annPlots = await listPlotsHeld(ann.id);
    const annTree = annPlots.find((p) => p.projectId === forest.id)!;
    const annLand = annPlots.find((p) => p.projectId === area.id)!;
    const bobTree = (await listPlotsHeld(bob.id))[0]!;
    expect(bobTree.place!.stand).not.toBe(annTree.place!.stand);

    const record = (rest: Partial<EvidenceInput> & Pick<EvidenceInput, "target">) =>
      recordEvidence({ projectId: forest.id, kind: "PLANTING", occurredOn: daysAgo(0), latitude: annTree.place!.centre.lat, longitude: annTree.place!.centre.lon, crew: "Crew", notes: "", photos: [photo()], recordedById: operator.id, ...rest });
    expect(await record({ target: { stand: annTree.place!.stand! }, occurredOn: daysAgo(400) })).toMatchObject({ ok: true });
    expect(await record({ target: { stand: bobTree.place!.stand! }, occurredOn: daysAgo(400) })).toMatchObject({ ok: true });
    expect(await record({ kind: "SURVIVAL", surveyYear: 1, target: { stand: annTree.place!.stand! }, lost: [annTree.code] })).toMatchObject({ ok: true });
    expect(await record({ kind: "REPLANTING", target: { plotCode: annTree.code } })).toMatchObject({ ok: true });
    expect(await recordPatrol({ projectId: area.id, occurredOn: daysAgo(0), route: "Ridge trail", observations: "Two takins", photos: [], recordedById: operator.id })).toMatchObject({ ok: true });
    await postNews({ projectId: area.id, authorId: operator.id, titleZh: "春季巡护", titleEn: "Spring patrols", bodyZh: "…", bodyEn: "…" });
    const atHerLand = readPhotos([{ name: "v.jpg", bytes: await phonePhoto(annLand.place!.centre) }]);
    if (!atHerLand.ok) throw new Error("not a photo");
    await recordVisit({ userId: ann.id, plotCode: annLand.code, clientId: randomUUID(), device: null, note: "", photo: atHerLand.photos[0]! });

    const feed = await guardianFeed(ann.id, null);
    const kinds = feed.items.map((item) => (item.type === "plot" ? `${item.event}:${item.plots.join(",")}` : item.type));
    // (Two records made in the same millisecond may come in either order.)
    expect([...kinds].sort()).toEqual([`LOST:${annTree.code}`, `PLANTING:${annTree.code}`, `REPLANTING:${annTree.code}`, `news`, `patrol`, `visit`]);
    expect(feed.items.map((item) => item.at)).toEqual(feed.items.map((item) => item.at).sort().reverse());
    expect(feed.nextBefore).toBeNull();
    // Bob hears of his own stand's planting only: nothing of Ann's tree, her area or her visit.
    const bobs = await guardianFeed(bob.id, null);
    expect(bobs.items.map((item) => (item.type === "plot" ? `${item.event}:${item.plots.join(",")}` : item.type))).toEqual([`PLANTING:${bobTree.code}`]);
    // Someone with no land has an empty feed.
    expect(await guardianFeed(operator.id, null)).toEqual({ items: [], nextBefore: null });
  });

  it("pages back in time, each item once", async () => {
    const area = await createTestProject({ capacity: 100, unitCostGrams: 10, kind: "PROTECTED_AREA" });
    const [guardian, operator] = await Promise.all([createTestUser({ grams: 1_000 }), createTestUser({ role: "OPERATOR" })]);
    await requestRedemption({ userId: guardian.id, projectId: area.id, quantity: 1, idempotencyKey: randomUUID() });
    await settleProject(area.id);
    const start = Date.parse("2026-06-01T00:00:00Z");
    const count = GUARDIAN_FEED_PAGE + 4;
    await db().projectNews.createMany({
      data: Array.from({ length: count }, (_, i) => ({ projectId: area.id, authorId: operator.id, titleZh: `消息 ${i}`, titleEn: `News ${i}`, bodyZh: "…", bodyEn: "…", publishedAt: new Date(start + i * 1_000) })),
    });
    const first = await guardianFeed(guardian.id, null);
    expect(first.items).toHaveLength(GUARDIAN_FEED_PAGE);
    const second = await guardianFeed(guardian.id, new Date(first.nextBefore!));
    const titles = [...first.items, ...second.items].map((item) => (item.type === "news" ? item.title.en : item.type));
    expect(titles).toEqual(Array.from({ length: count }, (_, i) => `News ${count - 1 - i}`));
    expect(second.nextBefore).toBeNull();
  });
});
