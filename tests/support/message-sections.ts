import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

// Which sections of the messages (the top-level keys of app/i18n/en.ts) a module may show: every
// literal that starts with a section's name and a dot ("forest.refused", `feed.kind.${kind}`), in
// the module and everything under app/ it imports, transitively. Server modules count: the keys
// their loaders, actions and refusals send are shown by the page.

const app = path.resolve(import.meta.dirname, "../../app");

function resolveImport(from: string, specifier: string): string | null {
  const base = specifier.startsWith("~/") ? path.join(app, specifier.slice(2)) : specifier.startsWith(".") ? path.resolve(path.dirname(from), specifier) : null;
  if (!base) return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")]) if (existsSync(candidate) && candidate.match(/\.tsx?$/)) return candidate;
  return null;
}

export function sectionsUsedBy(file: string, sections: readonly string[]): Set<string> {
  // (An operation's name, such as name: "ops.order-refund", is an id, not a message; so is an
  // object key such as the outbox's "redemption.requested": {...}.)
  const pattern = new RegExp(`(?<!name: )["'\`](${sections.join("|")})\\.[\\w$.-]*(?:\\$\\{|["'\`](?!\\s*:))`, "g");
  const seen = new Set<string>();
  const found = new Set<string>();
  const visit = (current: string) => {
    if (seen.has(current)) return;
    seen.add(current);
    const source = readFileSync(current, "utf8");
    for (const match of source.matchAll(pattern)) found.add(match[1]!);
    for (const imported of source.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)) {
      const next = resolveImport(current, imported[1]!);
      if (next) visit(next);
    }
  };
  visit(file);
  return found;
}
