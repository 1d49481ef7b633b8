import type { StyleSpecification } from "maplibre-gl";
import { useEffect, useState, type ReactNode } from "react";
import MapGL, { Layer, NavigationControl, ScaleControl, Source } from "react-map-gl/maplibre";
import { useTranslation } from "react-i18next";
import type { MapData } from "~/projects/geojson";

// The interactive map (MapLibre GL), loaded only by pages that show one (see live-map.tsx).

/** MapLibre's worker, served from node_modules by the web server (app/server/web.ts). */
const MAP_WORKER_URL = "/vendor/maplibre-gl-worker.mjs";

/** With no MAP_STYLE_URL: plain ground under the project's own land; nothing is fetched from elsewhere. */
const PLAIN_STYLE: StyleSpecification = {
  version: 8,
  sources: {},
  layers: [{ id: "ground", type: "background", paint: { "background-color": "#f4f1ea" } }],
};

const LAND = "#e3efd9";
const TAKEN = "#9cc28a";
const OUTLINE = "#3d6b35";
const MINE = "#d9480f";

export type LiveMapViewProps = {
  label: string;
  /** The project's land, or where to fetch it (its map.geojson). */
  land: string | MapData;
  mine?: MapData;
  styleUrl: string | null;
  fallback: ReactNode;
  onFail: () => void;
};

/** The land as given, or fetched; a failed fetch gives up the map for the drawing. */
function useLand(land: string | MapData, onFail: () => void): MapData | null {
  const [data, setData] = useState<MapData | null>(typeof land === "string" ? null : land);
  useEffect(() => {
    if (typeof land !== "string") return setData(land);
    const controller = new AbortController();
    fetch(land, { signal: controller.signal })
      .then((response) => (response.ok ? (response.json() as Promise<MapData>) : Promise.reject(new Error(`${response.status}`))))
      .then(setData, (error: Error) => (error.name === "AbortError" ? undefined : onFail()));
    return () => controller.abort();
  }, [land, onFail]);
  return data;
}

export default function LiveMapView({ label, land, mine, styleUrl, fallback, onFail }: LiveMapViewProps) {
  const { t } = useTranslation();
  const [loaded, setLoaded] = useState(false);
  const data = useLand(land, onFail);
  if (!data) return <>{fallback}</>;
  // A holder's plot is shown close up (trees come into view); a project whole.
  const bounds = mine?.bbox ?? data.bbox;
  return (
    <div className="live-map" role="region" aria-label={label} data-testid="live-map" data-loaded={loaded ? "true" : "false"}>
      <MapGL
        initialViewState={{ bounds, fitBoundsOptions: { padding: 40, maxZoom: 18 } }}
        mapStyle={styleUrl ?? PLAIN_STYLE}
        style={{ width: "100%", height: "min(70vh, 28rem)", borderRadius: 6 }}
        workerUrl={MAP_WORKER_URL}
        attributionControl={false}
        // In a page that scrolls, one finger scrolls the page and two move the map.
        cooperativeGestures
        locale={{
          "NavigationControl.ZoomIn": t("map.zoomIn"),
          "NavigationControl.ZoomOut": t("map.zoomOut"),
          "CooperativeGesturesHandler.WindowsHelpText": t("map.ctrlScroll"),
          "CooperativeGesturesHandler.MacHelpText": t("map.cmdScroll"),
          "CooperativeGesturesHandler.MobileHelpText": t("map.twoFingers"),
        }}
        maxZoom={22}
        onLoad={() => setLoaded(true)}
        onError={(event) => {
          // A map that cannot start (no WebGL) leaves the drawing in place; a tile that fails does not.
          if (!loaded) onFail();
          console.warn("map", event.error);
        }}
      >
        <Source id="land" type="geojson" data={data}>
          <Layer id="land-ground" type="fill" filter={["==", ["get", "role"], "boundary"]} paint={{ "fill-color": LAND, "fill-opacity": 0.6 }} />
          <Layer id="land-taken" type="fill" filter={["==", ["get", "role"], "taken"]} paint={{ "fill-color": TAKEN, "fill-outline-color": "#84b070" }} />
          <Layer id="land-free" type="line" filter={["==", ["get", "role"], "free"]} paint={{ "line-color": "#c9dcbb", "line-width": 0.5 }} />
          <Layer id="land-sections" type="line" filter={["==", ["get", "role"], "section"]} paint={{ "line-color": OUTLINE, "line-width": 1, "line-dasharray": [3, 2], "line-opacity": 0.6 }} />
          <Layer id="land-boundary" type="line" filter={["==", ["get", "role"], "boundary"]} paint={{ "line-color": OUTLINE, "line-width": 2 }} />
          {/* Zoomed out, a polygon of a few kilometres is a speck: a ring says where it is. */}
          <Layer id="land-place" type="circle" maxzoom={10} filter={["==", ["get", "role"], "place"]} paint={{ "circle-radius": 9, "circle-color": "rgba(0,0,0,0)", "circle-stroke-color": OUTLINE, "circle-stroke-width": 2 }} />
        </Source>
        {mine ? (
          <Source id="mine" type="geojson" data={mine}>
            <Layer id="mine-cells" type="fill" filter={["==", ["get", "role"], "mine"]} paint={{ "fill-color": MINE, "fill-opacity": 0.85 }} />
            <Layer id="mine-outline" type="line" filter={["==", ["get", "role"], "mine"]} paint={{ "line-color": MINE, "line-width": 2 }} />
            {/* Far out, a plot of a few metres is a dot: drawn as a ring so it can be found. */}
            <Layer id="mine-far" type="circle" maxzoom={15} filter={["==", ["get", "role"], "mine-place"]} paint={{ "circle-radius": 7, "circle-color": "rgba(0,0,0,0)", "circle-stroke-color": MINE, "circle-stroke-width": 2 }} />
            <Layer id="mine-trees" type="circle" minzoom={17} filter={["==", ["get", "role"], "tree"]} paint={{ "circle-radius": ["interpolate", ["linear"], ["zoom"], 17, 2, 21, 9], "circle-color": "#1b5e20", "circle-stroke-color": "#fff", "circle-stroke-width": 1 }} />
          </Source>
        ) : null}
        <NavigationControl showCompass={false} />
        <ScaleControl unit="metric" />
      </MapGL>
      <p className="map-legend">
        <span className="swatch map-taken" /> {t("map.taken")} <span className="swatch map-free" /> {t("map.free")}
        {mine ? (
          <>
            {" "}
            <span className="swatch map-mine" /> {t("map.mine")}
          </>
        ) : null}
      </p>
    </div>
  );
}
