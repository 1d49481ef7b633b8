import path from "node:path";

// The app's routes as Remix reads them from app/routes (the same manifest the build uses).

const root = path.resolve(__dirname, "../..");

export type Route = { id: string; path?: string; index?: boolean; parentId?: string; file: string };

export async function routeManifest(): Promise<Route[]> {
  const { readConfig } = (await import("@remix-run/dev/dist/config.js")) as { readConfig: (root: string, mode: string) => Promise<{ routes: Record<string, Route> }> };
  return Object.values((await readConfig(root, "production")).routes);
}

export function fullPath(route: Route, routes: Record<string, Route>): string {
  const parts: string[] = [];
  for (let current: Route | undefined = route; current; current = current.parentId ? routes[current.parentId] : undefined) {
    if (current.path) parts.unshift(current.path);
  }
  return `/${parts.join("/")}`;
}
