import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { recordEvidence, type EvidenceInput } from "~/evidence/evidence.server";
import { raiseOverdueReplantings, REPLANT_WITHIN_DAYS } from "~/evidence/plot-moves.server";
import { countersByProject, tallyDrift } from "~/projects/area.server";
import { listPlotsHeld } from "~/projects/plots.server";
import { dayText } from "~/payouts/china-days";
import { requestRedemption } from "~/redemption/redeem.server";
import { settleProject } from "~/redemption/settle.server";
import { createTestProject, createTestUser, expectLedgerConsistent } from "../support/factories";
import { uniquePhoto } from "../support/images";

afterEach(expectLedgerConsistent);

const photo = uniquePhoto;

const DAY = 86_400_000;
/** A China day `days` before today. */
const daysAgo = (days: number) => dayText(new Date(Date.now() - days * DAY));

async function plantedForest(trees: number, plantedOn: string) {
  const project = await createTestProject({ capacity: 400, unitCostGrams: 10, kind: "FOREST" });
  const holders = await Promise.all(Array.from({ length: trees }, () => createTestUser({ grams: 1_000 })));
  for (const holder of holders) await requestRedemption({ userId: holder.id, projectId: project.id, quantity: 1, idempotencyKey: randomUUID() });
  await settleProject(project.id);
  const plots = await Promise.all(holders.map(async (holder) => (await listPlotsHeld(holder.id))[0]!));
  const operator = await createTestUser({ role: "OPERATOR" });
  const record = (rest: Partial<EvidenceInput> & Pick<EvidenceInput, "target">) =>
    recordEvidence({
      projectId: project.id,
      kind: "PLANTING",
      occurredOn: daysAgo(0),
      latitude: plots[0]!.place!.centre.lat,
      longitude: plots[0]!.place!.centre.lon,
      crew: "Village crew",
      notes: "",
      photos: [photo()],
      recordedById: operator.id,
      ...rest,
    });
  expect(await record({ target: { stand: 1 }, occurredOn: plantedOn })).toMatchObject({ ok: true, plotsMoved: trees });
  return { project, holders, plots, record };
}

const statusOf = async (code: string) => db().plot.findUniqueOrThrow({ where: { code }, select: { status: true, replantBy: true, plantedOn: true, survivedThreeYears: true } });
const notices = async (userId: string, kind: string) =>
  (await db().outboxEvent.findMany({ where: { topic: "notification", payload: { path: ["to"], equals: [userId] } } })).filter((row) => (row.payload as { kind: string }).kind === kind).length;

describe("survival audits and replanting", () => {
  it("marks each tree surviving or lost at one and three years; a lost one is due for replanting and its holder told", async () => {
    const { project, holders, plots, record } = await plantedForest(4, daysAgo(3 * 365 + 10));
    const [lost, ...standing] = plots;

    const first = await record({ kind: "SURVIVAL", surveyYear: 1, target: { stand: 1 }, occurredOn: daysAgo(2 * 365), lost: [lost!.code] });
    expect(first).toMatchObject({ ok: true, survival: { surviving: 3, lost: 1, notDue: 0 } });
    const due = await statusOf(lost!.code);
    expect(due.status).toBe("REPLANT_DUE");
    expect(dayText(due.replantBy!)).toBe(dayText(new Date(Date.parse(`${daysAgo(2 * 365)}T00:00:00Z`) + REPLANT_WITHIN_DAYS * DAY + 8 * 3600_000)));
    for (const plot of standing) expect((await statusOf(plot.code)).status).toBe("PLANTED");
    expect(await notices(holders[0]!.id, "plot_lost")).toBe(1);
    expect(await notices(holders[1]!.id, "plot_lost")).toBe(0);
    expect(await db().survivalCheck.count({ where: { plot: { projectId: project.id } } })).toBe(4);

    // The same audit sent again judges nothing twice.
    expect(await record({ kind: "SURVIVAL", surveyYear: 1, target: { stand: 1 }, occurredOn: daysAgo(2 * 365), lost: [lost!.code] })).toMatchObject({
      ok: true,
      survival: { surviving: 0, lost: 0, notDue: 4 },
    });
    expect(await notices(holders[0]!.id, "plot_lost")).toBe(1);

    const third = await record({ kind: "SURVIVAL", surveyYear: 3, target: { stand: 1 }, occurredOn: daysAgo(0) });
    expect(third).toMatchObject({ ok: true, survival: { surviving: 3, lost: 0, notDue: 1 } });
    const counters = (await countersByProject(project.id)).get(project.id)!;
    expect(counters).toMatchObject({ plotsRedeemed: 4, plotsPlanted: 3, plotsSurvivingThreeYears: 3 });
    expect(await tallyDrift()).toEqual([]);
  });

  it("judges only trees old enough for the year checked", async () => {
    const { record } = await plantedForest(2, daysAgo(200));
    expect(await record({ kind: "SURVIVAL", surveyYear: 1, target: { stand: 1 } })).toMatchObject({ ok: true, survival: { surviving: 0, lost: 0, notDue: 2 } });
    // Within the 60 days before the anniversary, crews may check.
    const { record: older } = await plantedForest(2, daysAgo(320));
    expect(await older({ kind: "SURVIVAL", surveyYear: 1, target: { stand: 1 } })).toMatchObject({ ok: true, survival: { surviving: 2, lost: 0, notDue: 0 } });
  });

  it("refuses a lost list naming plots outside the target, and replanting anything but a plot due for it", async () => {
    const { plots, record } = await plantedForest(2, daysAgo(400));
    expect(await record({ kind: "SURVIVAL", surveyYear: 1, target: { plotCode: plots[0]!.code }, lost: [plots[1]!.code] })).toEqual({
      ok: false,
      problems: [{ code: "lostNotInTarget", params: { codes: plots[1]!.code } }],
    });
    expect(await record({ kind: "SURVIVAL", target: { stand: 1 } })).toEqual({ ok: false, problems: [{ code: "surveyYearRequired" }] });
    expect(await record({ kind: "AUDIT", target: { stand: 1 }, lost: [plots[0]!.code] })).toEqual({ ok: false, problems: [{ code: "lostOnlyInSurvival" }] });
    expect(await record({ kind: "REPLANTING", target: { stand: 1 } })).toEqual({ ok: false, problems: [{ code: "replantingNamesPlot" }] });
    const before = await db().plotEvidence.count();
    expect(await record({ kind: "REPLANTING", target: { plotCode: plots[0]!.code } })).toEqual({ ok: false, problems: [{ code: "notReplantDue", params: { code: plots[0]!.code } }] });
    expect(await db().plotEvidence.count()).toBe(before); // nothing of the refused record stays
  });

  it("replants a lost plot: planted again from that day, its holder told, the counters back", async () => {
    const { project, holders, plots, record } = await plantedForest(2, daysAgo(400));
    await record({ kind: "SURVIVAL", surveyYear: 1, target: { stand: 1 }, occurredOn: daysAgo(20), lost: [plots[0]!.code] });
    expect((await countersByProject(project.id)).get(project.id)!.plotsPlanted).toBe(1);
    const replanted = await record({ kind: "REPLANTING", target: { plotCode: plots[0]!.code }, occurredOn: daysAgo(1) });
    expect(replanted).toMatchObject({ ok: true, plotsMoved: 1 });
    expect(await statusOf(plots[0]!.code)).toMatchObject({ status: "PLANTED", replantBy: null });
    expect(dayText((await statusOf(plots[0]!.code)).plantedOn!)).toBe(daysAgo(1));
    expect(await notices(holders[0]!.id, "plot_replanted")).toBe(1);
    expect((await countersByProject(project.id)).get(project.id)!.plotsPlanted).toBe(2);
    // Its survival years count from the replanting: not due for a one-year audit now.
    expect(await record({ kind: "SURVIVAL", surveyYear: 1, target: { plotCode: plots[0]!.code } })).toMatchObject({ ok: true, survival: { surviving: 0, notDue: 1 } });
    expect(await tallyDrift()).toEqual([]);
  });

  it("puts a replanting past its day in the operators' alarms exactly once, however many runs", async () => {
    const { plots, record } = await plantedForest(3, daysAgo(3 * 365));
    // Found lost two years ago: due 180 days later, long past.
    await record({ kind: "SURVIVAL", surveyYear: 1, target: { stand: 1 }, occurredOn: daysAgo(2 * 365), lost: [plots[0]!.code, plots[1]!.code] });
    // Found lost yesterday: not yet due.
    await record({ kind: "SURVIVAL", surveyYear: 3, target: { stand: 1 }, occurredOn: daysAgo(1), lost: [plots[2]!.code] });
    await Promise.all([raiseOverdueReplantings(daysAgo(0)), raiseOverdueReplantings(daysAgo(0))]);
    await raiseOverdueReplantings(daysAgo(0));
    const alarms = await db().alarm.findMany({ where: { kind: "replant_overdue", detail: { path: ["plotCode"], string_starts_with: plots[0]!.code.split("-")[0] } } });
    expect(alarms.map((a) => (a.detail as { plotCode: string }).plotCode).sort()).toEqual([plots[0]!.code, plots[1]!.code].sort());
    // Replanted, then lost and late again: a new alarm for the new deadline.
    await record({ kind: "REPLANTING", target: { plotCode: plots[0]!.code }, occurredOn: daysAgo(700) });
    await record({ kind: "SURVIVAL", surveyYear: 1, target: { plotCode: plots[0]!.code }, occurredOn: daysAgo(300), lost: [plots[0]!.code] });
    expect(await raiseOverdueReplantings(daysAgo(0))).toBe(1);
    expect(await raiseOverdueReplantings(daysAgo(0))).toBe(0);
  });
});
