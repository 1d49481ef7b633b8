// What a project's trees look like, and how a tree grows toward its cost. Pure: the browser, the
// server and the certificate image all draw from it.

export const TREE_ARTS = ["sea-buckthorn", "saxaul", "tamarisk", "mongolian-pine"] as const;
export type TreeArt = (typeof TREE_ARTS)[number];
/** A forest's species, or protected land (drawn as a meadow of its own). */
export type Art = TreeArt | "land";

export const isTreeArt = (value: unknown): value is TreeArt => TREE_ARTS.includes(value as TreeArt);

export function artOf(project: { kind: "FOREST" | "PROTECTED_AREA"; art?: string | null }): Art {
  if (project.kind === "PROTECTED_AREA") return "land";
  return isTreeArt(project.art) ? project.art : "sea-buckthorn";
}

/** The landscape each grows in: sea buckthorn, saxaul and tamarisk hold sand; pines and land stand in hills. */
export const BACKDROP: Record<Art, "dunes" | "hills"> = {
  "sea-buckthorn": "dunes",
  saxaul: "dunes",
  tamarisk: "dunes",
  "mongolian-pine": "hills",
  land: "hills",
};

export const STAGES = ["seed", "seedling", "sapling", "young", "ready"] as const;
export type Stage = (typeof STAGES)[number];

// Where each stage begins, as a share of the cost: a seed below 10 %, ready at 100 %.
const STAGE_STARTS = [0, 0.1, 0.4, 0.7, 1] as const;

/** How far `balance` grams have grown a tree that costs `cost` grams. */
export function growth(balance: number, cost: number) {
  const have = Math.max(0, Math.min(balance, cost));
  const share = cost > 0 ? have / cost : 1;
  let index = 0;
  for (let i = STAGE_STARTS.length - 1; i >= 0; i--) {
    if (share >= STAGE_STARTS[i]!) {
      index = i;
      break;
    }
  }
  return { stage: STAGES[index]!, index, have, missing: Math.max(0, cost - balance), share };
}
