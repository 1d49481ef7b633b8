import { useLocation } from "@remix-run/react";
import { useEffect } from "react";

// The page's side of the service worker (app/sw/service-worker.ts): register it, ask it to keep
// what this page loaded before it was in control and each page reached by a link (documents it
// has not seen), and to forget the private copies once nobody is signed in.

function tell(message: { type: "KEEP"; urls: string[] } | { type: "FORGET" }) {
  void navigator.serviceWorker.ready.then((registration) => registration.active?.postMessage(message));
}

export function useOfflineCopies(user: { id: string } | null) {
  const location = useLocation();
  useEffect(() => {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.register("/sw.js").catch((error: unknown) => console.warn("service worker", error));
    tell({ type: "KEEP", urls: performance.getEntriesByType("resource").map((entry) => entry.name) });
  }, []);
  useEffect(() => {
    if (!("serviceWorker" in navigator)) return;
    if (user) tell({ type: "KEEP", urls: [location.pathname] });
    else tell({ type: "FORGET" });
  }, [user, location.pathname]);
}
