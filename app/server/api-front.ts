import type { ServerBuild } from "@remix-run/node";
import type { RequestHandler } from "express";
import { AsyncResource } from "node:async_hooks";

type ApiEntry = { handleApiRequest(request: Request): Promise<Response> };

/**
 * /api/ requests go straight to the server build's API dispatcher (app/api/dispatch.server.ts),
 * not through Remix's page routing. Bodies are small (1 MB at most: http-guards.ts) and read
 * whole; answers are JSON, written in one piece.
 */
export function apiFront(build: ServerBuild): RequestHandler {
  const { handleApiRequest } = build.entry.module as unknown as ApiEntry;
  return (req, res, next) => {
    const chunks: Buffer[] = [];
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const respond = async () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (Array.isArray(value)) for (const one of value) headers.append(name, one);
        else if (value !== undefined) headers.set(name, value);
      }
      const request = new Request(`http://${req.headers.host ?? "localhost"}${req.originalUrl}`, {
        method: req.method,
        headers,
        ...(hasBody ? { body: Buffer.concat(chunks) } : {}),
      });
      const response = await handleApiRequest(request);
      res.status(response.status);
      response.headers.forEach((value, name) => res.append(name, value));
      res.end(req.method === "HEAD" ? undefined : Buffer.from(await response.arrayBuffer()));
    };
    if (!hasBody) return void respond().catch(next);
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    // Bound to this request's context (its id and client address, utils/logger.server.ts): the
    // stream's events may fire from another, and the answer must still know whom it serves.
    req.on("end", AsyncResource.bind(() => void respond().catch(next)));
    req.on("error", next);
  };
}
