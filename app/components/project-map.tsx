import { useId } from "react";
import { useTranslation } from "react-i18next";
import type { SectionDrawing } from "~/projects/map";

/** A plot drawn in its section's own frame; `offset` moves it into the polygon's drawing. */
export type MapMarker = { path: string; centre: [number, number]; label: string; offset?: [number, number] };

/** The longest of 1, 2 or 5 × 10^k metres that fits in a quarter of the map's width. */
function scaleBarMetres(widthM: number): number {
  const target = widthM / 4;
  const power = 10 ** Math.floor(Math.log10(target));
  return [5, 2, 1].map((m) => m * power).find((m) => m <= target) ?? power;
}

/**
 * A polygon of a project drawn from its own GeoJSON, north up, in metres: no tiles, so it works
 * offline. Taken blocks are shaded; markers show a holder's own plots.
 */
export function ProjectMap({ drawing, label, markers = [], showBlocks = true }: { drawing: SectionDrawing; label: string; markers?: MapMarker[]; showBlocks?: boolean }) {
  const { t } = useTranslation();
  const clipId = `clip${useId().replace(/:/g, "")}`;
  const { widthM: w, heightM: h } = drawing;
  const pad = Math.max(w, h) * 0.04;
  const bar = scaleBarMetres(w);
  const font = Math.max(w, h) / 28;
  return (
    <figure className="project-map">
      <svg viewBox={`${-pad} ${-pad} ${w + 2 * pad} ${h + 2 * pad + 1.5 * font}`} role="img" aria-label={label} data-testid="project-map">
        <defs>
          <clipPath id={clipId}>
            <path d={drawing.outline} clipRule="evenodd" />
          </clipPath>
        </defs>
        <path d={drawing.outline} className="map-land" fillRule="evenodd" />
        {showBlocks ? (
          <g clipPath={`url(#${clipId})`}>
            <path d={drawing.free} className="map-free" />
            <path d={drawing.taken} className="map-taken" data-testid="map-taken" />
          </g>
        ) : null}
        <path d={drawing.outline} className="map-outline" fillRule="evenodd" />
        {markers.map((marker) => (
          <g key={marker.label} className="map-mine" data-testid="map-marker" transform={marker.offset ? `translate(${marker.offset[0]} ${marker.offset[1]})` : undefined}>
            <title>{marker.label}</title>
            <path d={marker.path} />
            <circle cx={marker.centre[0]} cy={marker.centre[1]} r={Math.max(w, h) / 50} />
          </g>
        ))}
        <g className="map-scale">
          <path d={`M0 ${h + pad}h${bar}`} />
          <text x={0} y={h + pad + 1.2 * font} fontSize={font}>
            {bar >= 1000 ? `${bar / 1000} km` : `${bar} m`}
          </text>
        </g>
        <text x={w} y={font} fontSize={font} textAnchor="end" className="map-north">
          ↑ {t("map.north")}
        </text>
      </svg>
      {showBlocks ? (
        <figcaption className="map-legend">
          <span className="swatch map-taken" /> {t("map.taken")} <span className="swatch map-free" /> {t("map.free")}
        </figcaption>
      ) : null}
    </figure>
  );
}
