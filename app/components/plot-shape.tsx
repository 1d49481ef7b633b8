import { cellsOfRun } from "~/projects/hilbert";

/** A guardian's exact 1-m² cells, drawn to scale around their own bounding box. */
export function PlotShape({ capacity, firstUnit, unitCount, label }: { capacity: number; firstUnit: number; unitCount: number; label: string }) {
  const cells = cellsOfRun(capacity, firstUnit, unitCount);
  const minX = Math.min(...cells.map((c) => c.x));
  const minY = Math.min(...cells.map((c) => c.y));
  const width = Math.max(...cells.map((c) => c.x)) - minX + 1;
  const height = Math.max(...cells.map((c) => c.y)) - minY + 1;
  return (
    <svg
      viewBox={`-0.5 -0.5 ${width + 1} ${height + 1}`}
      width={Math.min(160, 16 * (width + 1))}
      role="img"
      aria-label={label}
      data-testid="plot-shape"
      className="plot-shape"
    >
      {cells.map((cell) => (
        <rect key={`${cell.x},${cell.y}`} x={cell.x - minX} y={height - 1 - (cell.y - minY)} width={1} height={1} />
      ))}
    </svg>
  );
}
