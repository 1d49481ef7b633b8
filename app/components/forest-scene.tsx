import { useId, type ReactNode } from "react";
import { BACKDROP, type Art, type Stage } from "~/projects/species";
import { TreeArt } from "./tree-art";

// The forest scene: a landscape of the species' place, the user's planted trees small in the
// distance, the tree being grown in the middle and, over it, the energy balls (`children`, placed
// with `ballSpot`). Drawn on the server, so it shows before any script runs.

const WIDTH = 400;
const HEIGHT = 300;
/** Where the growing tree stands, as a share of the scene: balls fly here when collected. */
export const TREE_SPOT = { x: 0.5, y: 0.8 };
/** How many balls the scene shows at once; "collect all" takes the rest too. */
export const SCENE_BALLS = 10;

function Landscape({ backdrop, gradient }: { backdrop: "dunes" | "hills"; gradient: string }) {
  const dunes = backdrop === "dunes";
  return (
    <g>
      <defs>
        <linearGradient id={gradient} x1="0" y1="0" x2="0" y2="1">
          <stop offset="0" stopColor="#cfeaf7" />
          <stop offset="0.7" stopColor="#f3f7e8" />
          <stop offset="1" stopColor={dunes ? "#f6e7c4" : "#e4f0d6"} />
        </linearGradient>
      </defs>
      <rect width={WIDTH} height={HEIGHT} fill={`url(#${gradient})`} />
      <circle cx="330" cy="52" r="22" fill="#fff6c7" opacity="0.9" />
      {dunes ? (
        <>
          <path d="M0 190 C 60 160, 120 170, 170 185 C 230 200, 300 160, 400 178 L 400 300 L 0 300 Z" fill="#ecd3a0" />
          <path d="M0 215 C 80 195, 150 205, 220 218 C 280 228, 340 205, 400 212 L 400 300 L 0 300 Z" fill="#e3c28a" />
          <path d="M0 250 C 100 236, 200 244, 400 238 L 400 300 L 0 300 Z" fill="#d9b57a" />
        </>
      ) : (
        <>
          <path d="M0 170 L 60 128 L 110 160 L 170 112 L 240 168 L 300 126 L 360 160 L 400 140 L 400 300 L 0 300 Z" fill="#b7d3b0" />
          <path d="M0 210 C 70 186, 140 196, 210 208 C 280 220, 340 192, 400 200 L 400 300 L 0 300 Z" fill="#9cc58a" />
          <path d="M0 250 C 100 236, 200 244, 400 238 L 400 300 L 0 300 Z" fill="#86b673" />
        </>
      )}
    </g>
  );
}

/** The planted trees, small on the horizon: one drawing per tree, up to a stand of 24. */
function Planted({ held }: { held: { art: Art; count: number }[] }) {
  const trees = held.flatMap(({ art, count }) => Array.from({ length: count }, () => art)).slice(0, 24);
  return (
    <g data-testid="planted-trees" data-count={held.reduce((sum, h) => sum + h.count, 0)}>
      {trees.map((art, i) => {
        // Spread along the horizon, away from the middle where the growing tree stands.
        const side = i % 2 === 0 ? -1 : 1;
        const step = Math.floor(i / 2);
        const x = 200 + side * (70 + step * 13) + ((i * 37) % 9) - 4;
        const y = 214 + ((i * 53) % 12);
        return <TreeArt key={i} art={art} stage="ready" x={Math.max(10, Math.min(390, x))} y={y} size={0.16 + ((i * 29) % 5) / 100} />;
      })}
    </g>
  );
}

/** A translucent dome over the scene: a protection cover is on. */
function Dome() {
  return (
    <g data-testid="cover-dome" aria-hidden="true">
      <path d="M20 270 C 20 90, 380 90, 380 270 Z" fill="#9fd3ff" opacity="0.18" stroke="#7cc0f5" strokeWidth="2.5" strokeOpacity="0.6" />
      <path d="M200 112 l 18 8 v 14 c 0 12 -8 20 -18 24 c -10 -4 -18 -12 -18 -24 v -14 z" fill="#5aa9e6" opacity="0.85" />
    </g>
  );
}

export function ForestScene({
  art,
  stage,
  held,
  covered = false,
  label,
  children,
}: {
  art: Art;
  stage: Stage;
  held: { art: Art; count: number }[];
  covered?: boolean;
  label: string;
  children?: ReactNode;
}) {
  const gradient = `sky-${useId().replace(/:/g, "")}`;
  return (
    <div className="scene" data-testid="forest-scene" data-stage={stage} data-art={art}>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label} preserveAspectRatio="xMidYMid slice">
        <Landscape backdrop={BACKDROP[art]} gradient={gradient} />
        <Planted held={held} />
        <TreeArt art={art} stage={stage} x={WIDTH * TREE_SPOT.x} y={HEIGHT * TREE_SPOT.y + 6} size={0.95} />
        {covered ? <Dome /> : null}
      </svg>
      {children ? <ul className="scene-balls">{children}</ul> : null}
    </div>
  );
}

/** Where the i-th of n balls floats: an arc above the tree, a second, lower arc past six. */
export function ballSpot(i: number, n: number) {
  const shown = Math.min(n, SCENE_BALLS);
  const outer = Math.min(shown, 6);
  const inner = i >= 6;
  const count = inner ? shown - 6 : outer;
  const k = inner ? i - 6 : i;
  const from = Math.PI * 0.92;
  const to = Math.PI * 0.08;
  const angle = count === 1 ? Math.PI / 2 : from + ((to - from) * k) / (count - 1);
  const rx = inner ? 0.27 : 0.4;
  const ry = inner ? 0.22 : 0.4;
  return { left: `${(0.5 + rx * Math.cos(angle)) * 100}%`, top: `${(0.58 - ry * Math.sin(angle)) * 100}%` };
}
