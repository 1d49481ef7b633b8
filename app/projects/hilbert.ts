// Protected land is handed out as runs of consecutive cell indices; cell i sits at the i-th step of
// a Hilbert curve over the project's grid, so a run is always one connected, compact shape, and
// a guardian's exact cells follow from (firstUnit, unitCount) without a row per square metre.

/** The smallest curve order whose 2^order × 2^order grid has room for `capacity` cells. */
export function gridOrder(capacity: number): number {
  let order = 0;
  while (4 ** order < capacity) order += 1;
  return order;
}

/** Grid position of the d-th cell along a Hilbert curve of the given order. */
export function hilbertCell(order: number, d: number): { x: number; y: number } {
  let x = 0;
  let y = 0;
  let t = d;
  for (let s = 1; s < 2 ** order; s *= 2) {
    const rx = 1 & (t / 2);
    const ry = 1 & (t ^ rx);
    if (ry === 0) {
      if (rx === 1) {
        x = s - 1 - x;
        y = s - 1 - y;
      }
      [x, y] = [y, x];
    }
    x += s * rx;
    y += s * ry;
    t = Math.floor(t / 4);
  }
  return { x, y };
}

/** The cells of a plot: `count` consecutive indices from `first`. */
export function cellsOfRun(capacity: number, first: number, count: number) {
  const order = gridOrder(capacity);
  return Array.from({ length: count }, (_, i) => hilbertCell(order, first + i));
}

/** Index along a Hilbert curve of the given order of grid position (x, y); inverse of hilbertCell. */
export function hilbertIndex(order: number, x: number, y: number): number {
  let d = 0;
  const n = 2 ** order;
  let px = x;
  let py = y;
  for (let s = n / 2; s >= 1; s /= 2) {
    const rx = (px & s) > 0 ? 1 : 0;
    const ry = (py & s) > 0 ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    if (ry === 0) {
      if (rx === 1) {
        px = n - 1 - px;
        py = n - 1 - py;
      }
      [px, py] = [py, px];
    }
  }
  return d;
}
