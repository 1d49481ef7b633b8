// Group commit, the way PostgreSQL does it for WAL flushes: while a few batches are in flight,
// calls that arrive wait and go together in the next one. At low load a call runs at once, alone
// (no timer, no added latency); under load each round trip and commit carries many calls.

type Waiting<In, Out> = { input: In; resolve: (value: Out) => void; reject: (error: unknown) => void };

/**
 * `run` gets the inputs of one batch and answers each in order (a rejected outcome fails only its
 * own call). At most `inFlight` batches run at once, each of at most `maxBatch` inputs.
 */
export function coalesced<In, Out>(
  run: (inputs: In[]) => Promise<PromiseSettledResult<Out>[]>,
  options: { maxBatch: number; inFlight: number },
): (input: In) => Promise<Out> {
  const queue: Waiting<In, Out>[] = [];
  let running = 0;
  let scheduled = false;

  const pump = () => {
    scheduled = false;
    while (running < options.inFlight && queue.length) {
      const batch = queue.splice(0, options.maxBatch);
      running++;
      run(batch.map((call) => call.input))
        .then(
          (outcomes) =>
            batch.forEach((call, i) => {
              const outcome = outcomes[i]!;
              if (outcome.status === "fulfilled") call.resolve(outcome.value);
              else call.reject(outcome.reason);
            }),
          (error: unknown) => batch.forEach((call) => call.reject(error)),
        )
        .finally(() => {
          running--;
          pump();
        });
    }
  };

  return (input) =>
    new Promise<Out>((resolve, reject) => {
      queue.push({ input, resolve, reject });
      // Calls made in the same turn of the event loop (one burst of requests) start together.
      if (!scheduled) {
        scheduled = true;
        queueMicrotask(pump);
      }
    });
}
