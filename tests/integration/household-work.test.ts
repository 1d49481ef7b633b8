import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { BatchRefused, recordBatch } from "~/commerce/batches.server";
import { traceView } from "~/commerce/trace.server";
import { db } from "~/db/client.server";
import { localDay, previousDay } from "~/energy/local-time";
import { photoOnRecord } from "~/evidence/photo-check.server";
import { recordEvidence, recordPatrol } from "~/evidence/evidence.server";
import { postOrderPaid } from "~/ledger/money-ledger.server";
import { householdsAtWork, setHouseholdWeighting } from "~/payouts/household-work.server";
import { listPlotsHeld } from "~/projects/plots.server";
import { requestRedemption } from "~/redemption/redeem.server";
import { settleProject } from "~/redemption/settle.server";
import { createPaidOrder, createTestProject, createTestUser, expectLedgerConsistent } from "../support/factories";
import { uniquePhoto } from "../support/images";

// Registered households as growers and patrollers (app/payouts/household-work.server.ts): work
// is recorded with the record it was part of, counted for the public without names, and can
// weight the household pool of a project's sales.

afterEach(expectLedgerConsistent);

type Status = "ACTIVE" | "SUSPENDED" | "EXITED";

async function village(households: { weight: number; status?: Status }[]) {
  const project = await createTestProject({ capacity: 2_500, unitCostGrams: 1, kind: "PROTECTED_AREA" });
  const cooperative = await db().cooperative.create({ data: { nameZh: "合作社", nameEn: "Co-op", projectId: project.id } });
  const registered = [];
  for (const [i, h] of households.entries()) {
    registered.push(
      await db().household.create({
        data: {
          projectId: project.id,
          registrationCode: `HW-${project.slug}-${i}`,
          headName: `Head ${i}`,
          village: "Guanba",
          county: "Pingwu",
          members: 3,
          weight: h.weight,
          payoutMethod: "DISBURSEMENT_LIST",
          status: h.status ?? "ACTIVE",
        },
      }),
    );
  }
  const operator = await createTestUser({ role: "OPERATOR" });
  return { project, cooperative, households: registered, operator };
}

const patrol = (projectId: string, operatorId: string, occurredOn: string, workers: string[]) =>
  recordPatrol({ projectId, occurredOn, route: "ridge", observations: "tracks", photos: [uniquePhoto()], recordedById: operatorId, workers });

/** What each household was credited by an order's sale, in the order given. */
async function sharesOf(orderId: string, householdIds: string[]) {
  const entries = await db().moneyEntry.findMany({ where: { transaction: { businessKey: `order-paid:${orderId}` }, account: { kind: "HOUSEHOLD_PAYABLE" } }, include: { account: true } });
  return householdIds.map((id) => -(entries.find((e) => e.account.householdId === id)?.amountFen ?? 0n));
}

const daysBefore = (day: string, n: number) => Array.from({ length: n }).reduce<string>((d) => previousDay(d), day);

describe("households' work", () => {
  it("is recorded with its patrol or evidence record, and a code not active in the project refuses the record", async () => {
    const { project, households, operator } = await village([{ weight: 1 }, { weight: 1, status: "EXITED" }]);
    const other = await village([{ weight: 1 }]);
    const [active, exited] = households;

    const done = await patrol(project.id, operator.id, "2026-11-20", [active!.registrationCode]);
    expect(done).toMatchObject({ ok: true });
    const work = await db().householdWork.findMany({ where: { householdId: active!.id } });
    expect(work.map((w) => [w.kind, w.day.toISOString().slice(0, 10), w.patrolId])).toEqual([["PATROL", "2026-11-20", (done as { id: string }).id]]);
    const logged = await db().publicLogEntry.findUniqueOrThrow({ where: { kind_ref: { kind: "patrol", ref: (done as { id: string }).id } } });
    expect(JSON.parse(logged.body).data.households).toBe(1);
    expect(logged.body).not.toContain(active!.registrationCode);

    const patrolsBefore = await db().patrolLog.count({ where: { projectId: project.id } });
    for (const codes of [[active!.registrationCode, exited!.registrationCode], [other.households[0]!.registrationCode], ["NO-SUCH-CODE"]]) {
      expect(await patrol(project.id, operator.id, "2026-11-21", codes)).toEqual({ ok: false, problems: [{ code: "unknownHouseholds", params: { codes: codes.at(-1) } }] });
    }
    // Nothing of a refused record stays: no patrol, no work, no photo.
    expect(await db().patrolLog.count({ where: { projectId: project.id } })).toBe(patrolsBefore);
    expect(await db().householdWork.count({ where: { projectId: project.id } })).toBe(1);

    // Planting on a guardian's plot: the households who planted it.
    const holder = await createTestUser({ grams: 100 });
    await requestRedemption({ userId: holder.id, projectId: project.id, quantity: 25, idempotencyKey: randomUUID() });
    await settleProject(project.id);
    const [plot] = await listPlotsHeld(holder.id);
    const planted = await recordEvidence({
      projectId: project.id,
      kind: "PLANTING",
      target: { plotCode: plot!.code },
      occurredOn: "2026-11-22",
      latitude: plot!.place!.centre.lat,
      longitude: plot!.place!.centre.lon,
      crew: "crew",
      crewSize: 2,
      notes: "",
      photos: [uniquePhoto()],
      recordedById: operator.id,
      workers: [active!.registrationCode],
    });
    expect(planted).toMatchObject({ ok: true, plotsMoved: 1 });
    expect(await db().householdWork.findFirst({ where: { evidenceId: (planted as { id: string }).id } })).toMatchObject({ householdId: active!.id, kind: "PLANTING" });
  });

  it("splits the household pool by days worked in the year before the sale when the project says so", async () => {
    const { project, cooperative, households, operator } = await village([{ weight: 3 }, { weight: 1 }]);
    const [a, b] = households;
    const ids = [a!.id, b!.id];
    const sale = async () => {
      const order = await createPaidOrder({ projectId: project.id, cooperativeId: cooperative.id, priceFen: 10_000n, costFen: 6_000n, quantity: 1 });
      await db().order.update({ where: { id: order.id }, data: { paidAt: new Date() } });
      await postOrderPaid(order.id);
      return sharesOf(order.id, ids);
    };
    // Split a : b, give or take the fen the largest remainder hands out.
    const splitAs = (shares: bigint[], a: number, b: number) => Math.abs(Number(shares[0]!) * b - Number(shares[1]!) * a) <= a + b;

    await setHouseholdWeighting(project.id, "WORK");
    // Nobody has worked yet: registered weights, 3 to 1.
    const first = await sale();
    expect(first[0]).toBeGreaterThan(0n);
    expect(splitAs(first, 3, 1)).toBe(true);

    const today = localDay(new Date(), project.timeZone);
    // A works one day; B three different days (two records on the same day count once) and once
    // more than a year ago, which no longer counts.
    await patrol(project.id, operator.id, daysBefore(today, 1), [a!.registrationCode, b!.registrationCode]);
    await patrol(project.id, operator.id, daysBefore(today, 2), [b!.registrationCode]);
    await patrol(project.id, operator.id, daysBefore(today, 2), [b!.registrationCode]);
    await patrol(project.id, operator.id, daysBefore(today, 3), [b!.registrationCode]);
    await patrol(project.id, operator.id, daysBefore(today, 400), [a!.registrationCode]);
    const second = await sale();
    expect(splitAs(second, 1, 3)).toBe(true);

    // Back to registered weights: work no longer counts for new sales.
    await setHouseholdWeighting(project.id, "REGISTERED");
    const third = await sale();
    expect(splitAs(third, 3, 1)).toBe(true);
  });

  it("counts this year's workers among registered households, without exited ones", async () => {
    const { project, households, operator } = await village([{ weight: 1 }, { weight: 1 }, { weight: 1 }, { weight: 1, status: "EXITED" }]);
    expect(await householdsAtWork(project.id, project.timeZone)).toEqual({ worked: 0, registered: 3 });
    const today = localDay(new Date(), project.timeZone);
    await patrol(project.id, operator.id, today, [households[0]!.registrationCode, households[1]!.registrationCode]);
    await patrol(project.id, operator.id, today, [households[1]!.registrationCode]);
    expect(await householdsAtWork(project.id, project.timeZone)).toEqual({ worked: 2, registered: 3 });
    // Counted in the year where the project is: last year's work is not this year's.
    const nextYear = new Date(Date.UTC(Number(today.slice(0, 4)) + 1, 5, 1));
    expect(await householdsAtWork(project.id, project.timeZone, nextYear)).toEqual({ worked: 0, registered: 3 });
  });

  it("links a harvest's households and photos to its batch, shown on /trace and found by the photo check", async () => {
    const { project, cooperative, households, operator } = await village([{ weight: 1 }, { weight: 1 }]);
    const product = await db().product.create({
      data: { projectId: project.id, cooperativeId: cooperative.id, slug: `honey-${project.slug}`, nameZh: "蜂蜜", nameEn: "Honey", unitZh: "瓶", unitEn: "jar", priceFen: 8_800n, unitCostFen: 5_000n, stock: 10 },
    });
    const photo = uniquePhoto();
    const batch = await recordBatch(operator.id, { productId: product.id, harvestFrom: "2026-09-01", harvestTo: "2026-09-03", quantity: 10, workers: households.map((h) => h.registrationCode), photos: [photo] });
    expect((await db().householdWork.findMany({ where: { batchId: batch.id } })).map((w) => [w.kind, w.day.toISOString().slice(0, 10)])).toEqual([
      ["HARVEST", "2026-09-03"],
      ["HARVEST", "2026-09-03"],
    ]);
    const trace = await traceView(batch.traceCode);
    expect(trace).toMatchObject({ harvestedBy: 2, photos: [{ sha256: photo.sha256 }] });
    expect(JSON.stringify(trace)).not.toContain(households[0]!.registrationCode);
    expect(await photoOnRecord(photo.sha256)).toMatchObject({ kind: "batch", traceCode: batch.traceCode, occurredOn: "2026-09-03" });

    const again = await recordBatch(operator.id, { productId: product.id, harvestFrom: "2026-09-04", harvestTo: "2026-09-04", quantity: 1, photos: [photo] }).catch((error: unknown) => error);
    expect(again).toBeInstanceOf(BatchRefused);
    expect(again).toMatchObject({ code: "problems", details: [{ code: "photoUsedForBatch", params: { code: batch.traceCode } }] });
    const unknown = await recordBatch(operator.id, { productId: product.id, harvestFrom: "2026-09-04", harvestTo: "2026-09-04", quantity: 1, workers: ["NOT-HERE"] }).catch((error: unknown) => error);
    expect(unknown).toMatchObject({ code: "unknown_households", params: { codes: "NOT-HERE" } });
    expect(await db().productBatch.count({ where: { productId: product.id } })).toBe(1);
  });
});
