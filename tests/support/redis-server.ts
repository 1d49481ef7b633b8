import { spawn, type ChildProcess } from "node:child_process";

/** A redis-server of a test's own on `port`, without persistence, once it accepts connections. */
export function startRedisServer(port: number, extraArgs: string[] = []) {
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", ...extraArgs], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise<ChildProcess>((resolve, reject) => {
    let output = "";
    child.stdout!.on("data", (chunk) => {
      output += chunk;
      if (output.includes("Ready to accept connections")) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`redis-server exited (${code}):\n${output}`)));
  });
}
