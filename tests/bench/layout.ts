// Laying out a county: Pingwu (~5,974 km²) as a protected area of 1-m² cells, in 35 tiles. The
// baseline, measured in the same run, is reading and checking the same file (JSON, kinks, area),
// which every upload does before any layout. The goal the issue sets is absolute: at most 5 s.
import { parseBoundary } from "~/projects/boundary";
import { layOut } from "~/projects/layout";
import { countyFile, PINGWU } from "../support/counties";
import type { Row } from "./table";

const GOAL_SECONDS = 5;

export function layoutBench(): Row[] {
  const file = countyFile(PINGWU);
  let started = performance.now();
  const parsed = parseBoundary(file);
  const parseSeconds = (performance.now() - started) / 1000;
  if (!parsed.ok) throw new Error(`county refused: ${JSON.stringify(parsed.problems)}`);
  started = performance.now();
  const { units, sections } = layOut(parsed.boundary, "PROTECTED_AREA");
  const seconds = (performance.now() - started) / 1000;
  return [
    {
      what: "lay out Pingwu County, 1-m² cells",
      rate: units / 1e6 / seconds,
      baseline: units / 1e6 / parseSeconds,
      baselineWhat: "reading and checking the file",
      unit: "M cells/s",
      note: `${seconds.toFixed(2)} s for ${(units / 1e6).toFixed(0)} M cells in ${sections.length} tiles; goal ≤ ${GOAL_SECONDS} s ${seconds <= GOAL_SECONDS ? "met" : "not met"}`,
    },
  ];
}
