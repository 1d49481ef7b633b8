import { Resvg } from "@resvg/resvg-js";
import { db } from "~/db/client.server";
import { recordEvidence, recordPatrol } from "~/evidence/evidence.server";
import { readPhotos } from "~/evidence/photos";
import { withPlaces } from "~/projects/plots.server";

// Demo evidence for the demo guardian's plot, a patrol and some news. The photos are
// drawn here and say "demo" on them: real evidence is what crews upload from the field.

function demoPhoto(caption: string, hue: number): { name: string; bytes: Buffer } {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="420">
    <rect width="640" height="420" fill="hsl(${hue}, 45%, 82%)"/>
    <path d="M0 300 Q160 220 320 290 T640 270 V420 H0 Z" fill="hsl(${hue + 20}, 40%, 45%)"/>
    <circle cx="520" cy="90" r="40" fill="#f5d76e"/>
    <text x="24" y="48" font-family="DejaVu Sans, sans-serif" font-size="26" fill="#1f2a1f">DEMO PHOTO</text>
    <text x="24" y="84" font-family="DejaVu Sans, sans-serif" font-size="22" fill="#1f2a1f">${caption}</text>
  </svg>`;
  return { name: `${caption.replace(/\W+/g, "-").toLowerCase()}.png`, bytes: new Resvg(svg).render().asPng() };
}

function photos(...files: { name: string; bytes: Buffer }[]) {
  const read = readPhotos(files);
  if (!read.ok) throw new Error(JSON.stringify(read.problems));
  return read.photos;
}

export async function seedEvidence(projects: Record<string, string>, users: { guardian: string; operator: string }) {
  const prisma = db();
  await prisma.projectNews.create({
    data: {
      projectId: projects["guanba-pingwu"]!,
      authorId: users.operator,
      titleZh: "关坝迎来第一批守护者",
      titleEn: "Guanba welcomes its first guardians",
      bodyZh: "保护地的第一批平方米已经有了守护者。巡护队每周沿溪流巡山，记录野生动物。",
      bodyEn: "The first square metres of the protected area have guardians. The patrol team walks the streams every week and records the wildlife it sees.",
    },
  });

  const [plot] = await withPlaces(
    await prisma.plot.findMany({ where: { holderId: users.guardian, projectId: projects["guanba-pingwu"]! }, include: { project: { select: { kind: true } } }, take: 1 }),
  );
  if (plot?.place) {
    const planted = await recordEvidence({
      projectId: plot.projectId,
      kind: "PLANTING",
      target: { plotCode: plot.code },
      occurredOn: new Date().toISOString().slice(0, 10),
      latitude: plot.place.centre.lat,
      longitude: plot.place.centre.lon,
      crew: "关坝村护林队 · Guanba village forest crew",
      crewSize: 6,
      notes: "Native shrubs replanted along the stream bank.",
      photos: photos(demoPhoto(`${plot.code} planting`, 110)),
      recordedById: users.operator,
    });
    if (!planted?.ok) throw new Error(`demo evidence refused: ${JSON.stringify(planted)}`);
  }
  await recordPatrol({
    projectId: projects["guanba-pingwu"]!,
    occurredOn: new Date().toISOString().slice(0, 10),
    route: "关坝沟 → 上游水源地 · Guanba gully to the upstream spring (6 km)",
    observations: "Giant panda droppings near the bamboo line; two golden pheasants; no snares found.",
    photos: photos(demoPhoto("Guanba patrol", 90)),
    recordedById: users.operator,
  });
}
