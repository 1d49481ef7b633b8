// A Hilbert curve visits every cell of a 2^order × 2^order grid once, and any run of consecutive
// steps stays one connected, compact shape: the layout (layout.ts) numbers cells along it.

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
