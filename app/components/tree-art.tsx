import type { ReactNode } from "react";
import { STAGES, type Art, type Stage } from "~/projects/species";

// Each species drawn in SVG, standing on the point (0, 0) and growing upward: about 150 units tall
// when ready. Pages place them in the forest scene; the certificate image renders the same
// drawing on the server. No image files, no fonts.

const SCALE: Record<Stage, number> = { seed: 1, seedling: 1, sapling: 0.5, young: 0.75, ready: 1 };

const LEAF: Record<Art, string> = { "sea-buckthorn": "#93b99a", saxaul: "#7fae5e", tamarisk: "#7fb3a0", "mongolian-pine": "#2e6b3a", land: "#6fbf5a" };

function Seed() {
  return (
    <g>
      <ellipse cx="0" cy="0" rx="26" ry="7" fill="#b08350" />
      <ellipse cx="0" cy="-4" rx="6" ry="4" fill="#7a5230" />
      <path d="M0 -7 C 0 -14, 4 -18, 9 -19 C 7 -14, 4 -11, 0 -9" fill="#6fbf5a" />
    </g>
  );
}

/** The first two leaves, in the species' colour. */
function Sprout({ art }: { art: Art }) {
  return (
    <g>
      <ellipse cx="0" cy="0" rx="22" ry="6" fill="#b08350" />
      <path d="M0 0 C 1 -14, -1 -26, 0 -36" stroke="#6b8f3a" strokeWidth="3" fill="none" strokeLinecap="round" />
      <path d="M0 -30 C -8 -40, -20 -40, -24 -34 C -18 -28, -8 -27, 0 -30" fill={LEAF[art]} />
      <path d="M0 -34 C 8 -46, 20 -46, 24 -40 C 18 -33, 8 -32, 0 -34" fill={LEAF[art]} />
    </g>
  );
}

function SeaBuckthorn({ stage }: { stage: Stage }) {
  const berries = stage === "ready";
  return (
    <g>
      <path d="M0 0 C -4 -40, -22 -70, -30 -95 M0 0 C 2 -45, 6 -80, 4 -118 M0 0 C 6 -35, 24 -62, 34 -88" stroke="#7b5a3a" strokeWidth="6" fill="none" strokeLinecap="round" />
      <ellipse cx="-30" cy="-100" rx="30" ry="24" fill="#93b99a" />
      <ellipse cx="32" cy="-94" rx="30" ry="24" fill="#9cc2a0" />
      <ellipse cx="4" cy="-122" rx="36" ry="28" fill="#a9c9a6" />
      <ellipse cx="-8" cy="-84" rx="26" ry="18" fill="#87ae8e" />
      <ellipse cx="18" cy="-72" rx="22" ry="15" fill="#8fb795" />
      {berries
        ? [[-40, -96], [-24, -108], [-30, -88], [24, -100], [40, -90], [30, -82], [-2, -130], [12, -118], [-12, -116], [6, -78], [-16, -76], [20, -112]].map(([x, y]) => (
            <circle key={`${x},${y}`} cx={x} cy={y} r="4.2" fill="#f28c28" stroke="#d9691a" strokeWidth="1" />
          ))
        : null}
    </g>
  );
}

function Saxaul({ stage }: { stage: Stage }) {
  const twigs = [-60, -40, -20, 0, 20, 40, 60];
  return (
    <g>
      <path d="M0 0 C -6 -20, 8 -36, 0 -52 C -8 -66, 6 -74, 2 -86 M0 -40 C 14 -52, 26 -56, 34 -70 M0 -52 C -16 -60, -26 -66, -34 -78" stroke="#8d8478" strokeWidth="7" fill="none" strokeLinecap="round" />
      {twigs.map((dx) => (
        <path key={dx} d={`M${dx * 0.3} -80 q ${dx * 0.3} -16 ${dx * 0.55} -34`} stroke="#6f9e4f" strokeWidth="3" fill="none" strokeLinecap="round" />
      ))}
      <ellipse cx="0" cy="-104" rx="58" ry="30" fill="#7fae5e" opacity="0.85" />
      <ellipse cx="-26" cy="-92" rx="30" ry="18" fill="#74a455" opacity="0.9" />
      <ellipse cx="28" cy="-94" rx="30" ry="18" fill="#86b565" opacity="0.9" />
      {stage === "ready" ? [[-40, -112], [0, -124], [36, -110], [-14, -98], [18, -102]].map(([x, y]) => <circle key={`${x},${y}`} cx={x} cy={y} r="3.5" fill="#e9d98f" />) : null}
    </g>
  );
}

function Tamarisk({ stage }: { stage: Stage }) {
  return (
    <g>
      <path d="M0 0 C -3 -30, -12 -60, -24 -90 M0 0 C 0 -40, 0 -80, 2 -110 M0 0 C 4 -30, 14 -60, 26 -86" stroke="#9a4f3c" strokeWidth="5" fill="none" strokeLinecap="round" />
      <ellipse cx="-26" cy="-98" rx="24" ry="30" fill="#7fb3a0" opacity="0.9" />
      <ellipse cx="26" cy="-96" rx="24" ry="30" fill="#86bba6" opacity="0.9" />
      <ellipse cx="2" cy="-120" rx="26" ry="32" fill="#8fc2ad" opacity="0.9" />
      {stage === "ready"
        ? [[-30, -116], [-18, -126], [28, -114], [16, -128], [2, -146], [-34, -100], [34, -100]].map(([x, y]) => (
            <ellipse key={`${x},${y}`} cx={x} cy={y} rx="5" ry="11" fill="#e58fb5" />
          ))
        : null}
    </g>
  );
}

function MongolianPine({ stage }: { stage: Stage }) {
  return (
    <g>
      <rect x="-5" y="-60" width="10" height="60" rx="3" fill="#b5653a" />
      <path d="M0 -150 L 26 -112 L 14 -112 L 38 -82 L 20 -82 L 48 -48 L -48 -48 L -20 -82 L -38 -82 L -14 -112 L -26 -112 Z" fill="#2e6b3a" />
      <path d="M0 -150 L 26 -112 L 14 -112 L 38 -82 L 20 -82 L 48 -48 L 0 -48 Z" fill="#27603a" />
      {stage === "ready" ? [[-18, -60], [22, -66], [-8, -94], [12, -100]].map(([x, y]) => <ellipse key={`${x},${y}`} cx={x} cy={y} rx="3.5" ry="5.5" fill="#8a5a2b" />) : null}
    </g>
  );
}

/** Protected land: a patch of meadow that fills in, stage by stage. */
function Land({ stage }: { stage: Stage }) {
  const index = STAGES.indexOf(stage);
  const tufts = [-60, -42, -24, -6, 12, 30, 48, 64].slice(0, 2 + index * 2);
  return (
    <g>
      <ellipse cx="0" cy="0" rx="80" ry="16" fill="#a3c585" />
      <ellipse cx="0" cy="-2" rx="66" ry="11" fill="#b6d393" />
      {tufts.map((x) => (
        <path key={x} d={`M${x} 0 l -5 -14 M${x} 0 l 0 -18 M${x} 0 l 5 -14`} stroke="#5d9b45" strokeWidth="2.5" strokeLinecap="round" />
      ))}
      {index >= 2 ? <ellipse cx="-40" cy="-14" rx="16" ry="12" fill="#6da84f" /> : null}
      {index >= 3
        ? [[-22, -16, "#f6c945"], [8, -20, "#e96f8f"], [36, -14, "#ffffff"], [54, -18, "#f6c945"]].map(([x, y, color]) => (
            <circle key={`${x},${y}`} cx={x} cy={y} r="4" fill={color as string} stroke="#d9a520" strokeWidth="0.6" />
          ))
        : null}
      {index >= 4 ? (
        <g transform="translate(44 -6) scale(0.42)">
          <MongolianPine stage="young" />
        </g>
      ) : null}
    </g>
  );
}

const DRAW: Record<Art, (props: { stage: Stage }) => ReactNode> = {
  "sea-buckthorn": SeaBuckthorn,
  saxaul: Saxaul,
  tamarisk: Tamarisk,
  "mongolian-pine": MongolianPine,
  land: Land,
};

/** A tree (or a patch of land) at a growth stage, standing at (x, y), `size` times its ready height. */
export function TreeArt({ art, stage, x = 0, y = 0, size = 1 }: { art: Art; stage: Stage; x?: number; y?: number; size?: number }) {
  const Draw = DRAW[art];
  if (art !== "land" && (stage === "seed" || stage === "seedling")) {
    return (
      <g transform={`translate(${x} ${y}) scale(${size})`} data-art={art} data-stage={stage}>
        {stage === "seed" ? <Seed /> : <Sprout art={art} />}
      </g>
    );
  }
  const scale = art === "land" ? size : size * SCALE[stage];
  return (
    <g transform={`translate(${x} ${y}) scale(${scale})`} data-art={art} data-stage={stage}>
      {art === "land" ? null : <ellipse cx="0" cy="0" rx="34" ry="7" fill="#000" opacity="0.08" />}
      <Draw stage={stage} />
    </g>
  );
}
