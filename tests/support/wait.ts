/**
 * Polls `probe` until it gives a truthy value, and returns it. A probe that throws (a server that
 * is restarting) is asked again; if time runs out, the last error is in the message.
 */
export async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, options: { timeoutMs?: number; what?: string } = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${options.what ?? "a condition"}${lastError ? ` (last error: ${String(lastError)})` : ""}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
