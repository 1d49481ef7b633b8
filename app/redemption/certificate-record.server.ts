import { reader } from "~/db/client.server";

// What anyone may see of a certificate's plots on the ground: each plot's steps (allocated,
// planted, verified, found surviving or lost, replanted) and the records behind them, with their
// place, the crew's size and each photo's SHA-256; never the crew's names, notes or who recorded it.

export type StepKind = "ALLOCATED" | "PLANTED" | "VERIFIED" | "SURVIVING" | "LOST" | "REPLANTED";
export type Step = { kind: StepKind; on: string; year?: number };

const MAX_RECORDS = 100;
const day = (date: Date) => date.toISOString().slice(0, 10);

type CertifiedPlot = { code: string; place: { stand: number | null } | null };

export async function certificateRecord(projectId: string, allocatedOn: string, plots: CertifiedPlot[]) {
  const rows = await reader().plot.findMany({ where: { code: { in: plots.map((p) => p.code) } }, select: { id: true, code: true, createdAt: true } });
  if (!rows.length) return { timelines: [], evidence: [] };
  const standOf = new Map(plots.map((p) => [p.code, p.place?.stand ?? null]));
  const stands = [...new Set(plots.map((p) => p.place?.stand).filter((s): s is number => s != null))];
  // A stand's records from before any of these plots was allocated are not about them.
  const since = new Date(Math.min(...rows.map((r) => r.createdAt.getTime())));
  const records = await reader().plotEvidence.findMany({
    where: { createdAt: { gte: since }, OR: [{ plotId: { in: rows.map((r) => r.id) } }, ...(stands.length ? [{ projectId, stand: { in: stands } }] : [])] },
    orderBy: [{ occurredOn: "asc" }, { createdAt: "asc" }],
    take: MAX_RECORDS,
    select: {
      id: true,
      kind: true,
      stand: true,
      plotId: true,
      plot: { select: { code: true } },
      occurredOn: true,
      latitude: true,
      longitude: true,
      crewSize: true,
      surveyYear: true,
      createdAt: true,
      photos: { select: { id: true, fileName: true, sha256: true }, orderBy: { createdAt: "asc" } },
      survivals: { where: { plotId: { in: rows.map((r) => r.id) } }, select: { plotId: true, outcome: true, year: true } },
    },
  });

  // A plot's steps: the first planting recorded after it was allocated, the first audit after that
  // (the records that moved it), its own survival verdicts and replantings.
  const stepsOf = (plot: (typeof rows)[number]): Step[] => {
    const steps: Step[] = [{ kind: "ALLOCATED", on: allocatedOn }];
    const covers = records.filter((r) => r.createdAt >= plot.createdAt && (r.plotId === plot.id || (r.stand !== null && r.stand === standOf.get(plot.code))));
    const planting = covers.find((r) => r.kind === "PLANTING");
    if (planting) steps.push({ kind: "PLANTED", on: day(planting.occurredOn) });
    const audit = planting && covers.find((r) => r.kind === "AUDIT" && r.createdAt > planting.createdAt);
    if (audit) steps.push({ kind: "VERIFIED", on: day(audit.occurredOn) });
    for (const r of covers) {
      const verdict = r.survivals.find((s) => s.plotId === plot.id);
      if (verdict) steps.push({ kind: verdict.outcome, on: day(r.occurredOn), year: verdict.year });
      if (r.kind === "REPLANTING" && r.plotId === plot.id) steps.push({ kind: "REPLANTED", on: day(r.occurredOn) });
    }
    return steps;
  };
  // Plots with the same steps (trees of one stand, usually) are shown once together.
  const timelines = new Map<string, { codes: string[]; steps: Step[] }>();
  for (const plot of [...rows].sort((a, b) => a.code.localeCompare(b.code))) {
    const steps = stepsOf(plot);
    const key = JSON.stringify(steps);
    const same = timelines.get(key) ?? timelines.set(key, { codes: [], steps }).get(key)!;
    same.codes.push(plot.code);
  }

  return {
    timelines: [...timelines.values()],
    evidence: records.reverse().map((r) => ({
      id: r.id,
      kind: r.kind,
      stand: r.stand,
      plot: r.plot?.code ?? null,
      surveyYear: r.surveyYear,
      occurredOn: day(r.occurredOn),
      latitude: r.latitude,
      longitude: r.longitude,
      crewSize: r.crewSize,
      photos: r.photos,
    })),
  };
}
