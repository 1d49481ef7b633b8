import { useTranslation } from "react-i18next";
import type { PlotPlace } from "~/projects/plot-places";

/** A plot's exact cells (1-m² cells or one tree's 3 m × 5 m), drawn to scale around themselves, north up. */
export function PlotShape({ drawing, label }: { drawing: PlotPlace["drawing"]; label: string }) {
  const [x, y, w, h] = drawing.box;
  const pad = Math.max(w, h) * 0.1;
  return (
    <svg
      viewBox={`${x - pad} ${y - pad} ${w + 2 * pad} ${h + 2 * pad}`}
      width={Math.min(160, Math.max(48, 8 * Math.max(w, h)))}
      role="img"
      aria-label={label}
      data-testid="plot-shape"
      className="plot-shape"
    >
      <path d={drawing.path} />
    </svg>
  );
}

/** Stand, row and tree of a tree; the centre of any plot in latitude, longitude. */
export function PlotWhere({ place }: { place: Pick<PlotPlace, "stand" | "row" | "tree" | "centre"> }) {
  const { t } = useTranslation();
  return (
    <span className="plot-where">
      {place.stand !== null ? <span>{t("plots.place", { stand: place.stand, row: place.row, tree: place.tree })}</span> : null}{" "}
      <span className="muted" data-testid="plot-centre">
        {t("plots.centre", { lat: place.centre.lat.toFixed(6), lon: place.centre.lon.toFixed(6) })}
      </span>
    </span>
  );
}
