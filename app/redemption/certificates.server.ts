import type { PrismaClient } from "@prisma/client";
import { db, reader } from "~/db/client.server";
import { plotLocation } from "~/projects/plot-places";
import { withPlaces } from "~/projects/plots.server";
import { artOf } from "~/projects/species";

function certificateRow(client: PrismaClient, number: string) {
  return client.redemption.findFirst({
    where: { certificateNumber: number, status: "SETTLED" },
    include: {
      user: { select: { displayName: true } },
      recipient: { select: { displayName: true } },
      project: { select: { slug: true, kind: true, art: true, nameZh: true, nameEn: true, countyZh: true, countyEn: true, species: true, timeZone: true } },
      plots: { orderBy: { firstUnit: "asc" }, select: { code: true, projectId: true, firstUnit: true, unitCount: true, status: true } },
      team: { select: { name: true, members: { select: { userId: true }, orderBy: { joinedAt: "asc" } } } },
    },
  });
}

/** A certificate as anyone may verify it: the holder by display name only, no other personal data. */
export async function findCertificate(number: string) {
  // From the replica when there is one; a certificate issued an instant ago may not be there yet.
  let client = reader();
  let redemption = await certificateRow(client, number);
  if (!redemption && client !== db()) redemption = await certificateRow((client = db()), number);
  if (!redemption) return null;
  const memberNames = redemption.team
    ? (await client.user.findMany({ where: { id: { in: redemption.team.members.map((m) => m.userId) } }, select: { id: true, displayName: true } }))
        .sort((a, b) => redemption.team!.members.findIndex((m) => m.userId === a.id) - redemption.team!.members.findIndex((m) => m.userId === b.id))
        .map((u) => u.displayName)
    : [];
  return {
    number,
    projectId: redemption.projectId,
    holder: (redemption.recipient ?? redemption.user).displayName,
    giftFrom: redemption.recipient ? redemption.user.displayName : null,
    team: redemption.team ? { name: redemption.team.name, members: memberNames } : null,
    project: {
      slug: redemption.project.slug,
      kind: redemption.project.kind,
      name: { zh: redemption.project.nameZh, en: redemption.project.nameEn },
      county: { zh: redemption.project.countyZh, en: redemption.project.countyEn },
      species: redemption.project.species,
      art: artOf(redemption.project),
      timeZone: redemption.project.timeZone,
    },
    units: redemption.grantedUnits ?? redemption.quantity,
    plots: (await withPlaces(redemption.plots.map((plot) => ({ ...plot, project: { kind: redemption.project.kind } })))).map(({ code, firstUnit, unitCount, status, place }) => ({
      code,
      firstUnit,
      unitCount,
      status,
      place,
    })),
    issuedAt: redemption.settledAt!.toISOString(),
  };
}

/** The certificate as the public API gives it: plot locations without their drawings. */
export function certificateView(certificate: NonNullable<Awaited<ReturnType<typeof findCertificate>>>) {
  const { projectId: _, ...shown } = certificate;
  return { ...shown, plots: certificate.plots.map(({ place, ...plot }) => ({ ...plot, ...plotLocation(place) })) };
}
