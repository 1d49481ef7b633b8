import { Component, lazy, Suspense, useCallback, useState, type ReactNode } from "react";
import { useMapStyleUrl } from "~/root";
import type { MapData } from "~/projects/geojson";
import { useHydrated } from "~/utils/use-hydrated";
import mapStyles from "maplibre-gl/dist/maplibre-gl.css";

// The interactive map where the browser can draw one; the server's SVG drawing everywhere else:
// in the page's HTML, without JavaScript, while MapLibre loads, and where WebGL is missing.

/** For the `links` of a route that shows a map: MapLibre's own stylesheet, on map pages only. */
export const mapLinks = () => [{ rel: "stylesheet", href: mapStyles }];

const LiveMapView = lazy(() => import("./live-map-view.client"));

let webgl: boolean | undefined;
/** Asked once a page load: each question opens a WebGL context, of which a browser allows few. */
function canDrawMaps(): boolean {
  if (webgl === undefined) {
    try {
      const canvas = document.createElement("canvas");
      webgl = Boolean(canvas.getContext("webgl2") ?? canvas.getContext("webgl"));
    } catch {
      webgl = false;
    }
  }
  return webgl;
}

/** A failed load of MapLibre's code (offline, say) shows the drawing instead of an error page. */
class Fallback extends Component<{ fallback: ReactNode; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}

/**
 * `land` is a project's map.geojson (or its data), `mine` a holder's plot to show close up;
 * `fallback` the server's drawing of the same.
 */
export function LiveMap(props: { label: string; land: string | MapData; mine?: MapData; fallback: ReactNode }) {
  const hydrated = useHydrated();
  const styleUrl = useMapStyleUrl();
  const [failed, setFailed] = useState(false);
  const onFail = useCallback(() => setFailed(true), []);
  if (!hydrated || failed || !canDrawMaps()) return <>{props.fallback}</>;
  return (
    <Fallback fallback={props.fallback}>
      <Suspense fallback={props.fallback}>
        <LiveMapView label={props.label} land={props.land} mine={props.mine} styleUrl={styleUrl} fallback={props.fallback} onFail={onFail} />
      </Suspense>
    </Fallback>
  );
}
