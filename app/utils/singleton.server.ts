// The web bundle and the tsx-loaded server/worker code are separate module graphs in one process;
// keeping shared clients on globalThis gives them one instance each.
export function singleton<T>(name: string, create: () => T): T {
  const store = globalThis as unknown as { __sapling?: Map<string, unknown> };
  store.__sapling ??= new Map();
  if (!store.__sapling.has(name)) store.__sapling.set(name, create());
  return store.__sapling.get(name) as T;
}

/** Drops an instance (after closing it), so the next singleton() call makes a new one. */
export function forgetSingleton(name: string) {
  (globalThis as unknown as { __sapling?: Map<string, unknown> }).__sapling?.delete(name);
}
