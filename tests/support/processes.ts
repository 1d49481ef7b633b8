import { fileURLToPath } from "node:url";
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { afterAll } from "vitest";
import path from "node:path";

// ESM: scripts run by tsx (the bench) have no __dirname.
const here = path.dirname(fileURLToPath(import.meta.url));

const root = path.resolve(here, "../..");

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export type ServiceProcess = { child: ChildProcess; output: () => string; stop: () => Promise<void> };

/**
 * Runs one of the production entry points (web or workers) as its own process. Node loads tsx in
 * the same process (not the tsx launcher, which runs the program in a child): a SIGKILL must kill
 * the program itself, not leave it running as an orphan.
 */
export function startService(entry: "app/server/web.ts" | "workers/main.ts", env: Record<string, string | undefined>): ServiceProcess {
  const child = spawn(process.execPath, ["--import", "tsx", entry], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production", LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

export async function waitForHttp(url: string, service: ServiceProcess, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service.child.exitCode !== null) throw new Error(`service exited early:\n${service.output()}`);
    try {
      const response = await fetch(url);
      if (response.status < 500 || response.status === 503) return response;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${url}:\n${service.output()}`);
}

/** A worker process for this test file, started on demand and stopped after the file. */
export function useWorkers(env: () => Record<string, string | undefined>) {
  let workers: ServiceProcess | undefined;
  afterAll(async () => {
    await workers?.stop();
  });
  return {
    start: () => {
      workers ??= startService("workers/main.ts", env());
      return workers;
    },
  };
}
