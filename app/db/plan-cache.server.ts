// Prisma 6.19's WASM query compiler compiles every query on every call (~0.2 ms each; under page
// load a quarter of the web process's CPU). This keeps each query's plan once per *shape*: the
// request with its string, whole-number and date values replaced by placeholders, which the
// compiler supports (`$type: "Param"`, the mechanism Prisma 7's own plan cache uses). A later call
// of the same shape gets the cached plan with its values written back in.
//
// Safe by construction, not by a list of rules: the first time a shape is seen it is compiled both
// ways, and its plan is cached only if the plan with the values written back in is, byte for byte,
// the plan of the literal query. A shape where the compiler does something with a value at compile
// time (`contains` builds "%value%") or cannot take a placeholder at all (it panics) is remembered as
// one to compile literally, every time, as before. A list (`in: [...]`) cannot be one placeholder
// (the compiler panics) but each of its elements can: there is a shape per length of list.
// See docs/decisions/016-prisma-plan-cache.md.
import { createRequire } from "node:module";
import path from "node:path";
import { logger } from "~/utils/logger.server";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Template = { pieces: string[]; slots: number[]; types: string[] };
// A shape's plan; or, for a shape whose enum values the compiler writes in differently (a cast), the
// values to keep literal in a second shape; or null: compile it literally.
type Entry = Template | { keep: Set<number> } | null;
type Compiler = { compile(request: string): unknown };

const MAX_SHAPES = 2_000;
// A query with more values than this (a large createMany) changes shape with its length: compiled literally.
const MAX_VALUES = 64;
const PARAM = "sapling_p";
// Filters the compiler works on at compile time ("%value%"), list fields, and modes: a query with one is
// compiled literally (they change from call to call, so a shape would rarely be seen twice).
const LITERAL_FILTERS = new Set(["contains", "startsWith", "endsWith", "search", "has", "hasSome", "hasEvery", "path", "mode"]);
// Lists compared with one by one: each element is a placeholder (a shape per length of list).
const LISTS = new Set(["in", "notIn"]);
const COMBINATORS = new Set(["AND", "OR", "NOT"]);
// Where a value may sit in `data`: as the field's value, or as the operand of one of these.
const WRITE_OPERATIONS = new Set(["set", "increment", "decrement", "multiply", "divide"]);
const NESTED_WHERES = new Set(["connect", "disconnect", "delete", "where"]);
const NESTED_DATA = new Set(["create", "update", "data"]);

const shapes = new Map<string, Entry>();
export const planCacheStats = { hits: 0, compiled: 0, literal: 0 };

class NotCacheable extends Error {}

/** A value that may become a placeholder, and how the compiler writes it into a plan when literal. */
function literalForm(value: Json): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
  if (isObject(value) && (value.$type === "DateTime" || value.$type === "BigInt") && typeof value.value === "string") return value.value;
  return undefined;
}

const isObject = (value: Json | undefined): value is { [key: string]: Json } => value !== null && typeof value === "object" && !Array.isArray(value);

class Parameterizer {
  values: string[] = [];
  private seen = 0;

  /** `keep`: which values, counted in the order they are met, stay literal. */
  constructor(private keep = new Set<number>()) {}

  param(value: Json): Json {
    const literal = literalForm(value);
    if (literal === undefined || this.keep.has(this.seen++)) return value;
    this.values.push(literal);
    return { $type: "Param", value: `${PARAM}${this.values.length - 1}` };
  }

  /** Each of `node`'s entries through `entry`; lists of scalars make the query literal. */
  each(node: Json, entry: (key: string, value: Json) => Json): Json {
    if (Array.isArray(node)) return node.map((item) => this.each(item, entry));
    if (!isObject(node) || typeof node.$type === "string") return node;
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, entry(key, value)]));
  }

  /** A filter: field values and comparisons become placeholders, nested filters are followed. */
  where = (key: string, value: Json): Json => {
    if (LITERAL_FILTERS.has(key)) throw new NotCacheable();
    if (LISTS.has(key) && Array.isArray(value)) {
      if (value.some((item) => literalForm(item) === undefined)) throw new NotCacheable();
      return value.map((item) => this.param(item));
    }
    if (Array.isArray(value) && !COMBINATORS.has(key)) throw new NotCacheable();
    if (literalForm(value) !== undefined) return this.param(value);
    return this.each(value, this.where);
  };

  /** What a write sets: field values and the operands of increments become placeholders. */
  data = (key: string, value: Json): Json => {
    if (Array.isArray(value) && value.some((item) => !isObject(item))) throw new NotCacheable(); // a list field
    if (literalForm(value) !== undefined) return this.param(value);
    if (!isObject(value) || typeof value.$type === "string") return value;
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        WRITE_OPERATIONS.has(k)
          ? this.param(v)
          : NESTED_WHERES.has(k)
          ? this.each(v, this.where)
          : NESTED_DATA.has(k)
          ? this.each(v, this.data)
          : this.data(k, v),
      ])
    );
  };

  /** A query's arguments (only its filters and its data) and those of its nested selections. */
  query(query: Json): Json {
    if (!isObject(query)) return query;
    const args = isObject(query.arguments) ? query.arguments : {};
    const parameterized = Object.fromEntries(
      Object.entries(args).map(([key, value]) => [
        key,
        key === "where" || key === "having" || key === "cursor"
          ? this.each(value, this.where)
          : key === "data" || key === "create" || key === "update"
          ? this.each(value, this.data)
          : value,
      ])
    );
    const selection = isObject(query.selection)
      ? Object.fromEntries(Object.entries(query.selection).map(([key, value]) => [key, isObject(value) ? this.query(value) : value]))
      : query.selection ?? null;
    return { ...query, arguments: parameterized, selection };
  }
}

const slotPattern = new RegExp(`\\{"prisma__type":"param","prisma__value":\\{"name":"${PARAM}(\\d+)","type":"([A-Za-z]+)"\\}\\}`, "g");

/** A plan's JSON cut at its placeholders, so that values can be written in without walking it. */
function template(plan: unknown, count: number): Template | null {
  const json = JSON.stringify(plan);
  const pieces: string[] = [];
  const slots: number[] = [];
  const types: string[] = [];
  let last = 0;
  for (const match of json.matchAll(slotPattern)) {
    pieces.push(json.slice(last, match.index));
    slots.push(Number(match[1]));
    types[Number(match[1])] = match[2]!;
    last = match.index! + match[0].length;
  }
  pieces.push(json.slice(last));
  // A value the compiler used at compile time never shows up as a placeholder.
  return new Set(slots).size === count ? { pieces, slots, types } : null;
}

function fill(entry: Template, values: string[]): string {
  let json = entry.pieces[0]!;
  for (let i = 0; i < entry.slots.length; i++) json += JSON.stringify(values[entry.slots[i]!]) + entry.pieces[i + 1]!;
  return json;
}

function remember(key: string, entry: Entry) {
  if (shapes.size >= MAX_SHAPES) shapes.delete(shapes.keys().next().value!);
  shapes.set(key, entry);
}

type Shape = { key: string; values: string[] };

function shapeOf(parsed: { query: Json }, keep?: Set<number>): Shape | null {
  const parameterizer = new Parameterizer(keep);
  try {
    const key = JSON.stringify({ ...parsed, query: parameterizer.query(parsed.query) });
    return parameterizer.values.length > MAX_VALUES ? null : { key, values: parameterizer.values };
  } catch (error) {
    if (error instanceof NotCacheable) return null;
    throw error;
  }
}

function cachedCompile(compile: (request: string) => unknown, compiler: Compiler, request: string): unknown {
  const parsed = JSON.parse(request) as { modelName?: string; action: string; query: Json };
  // Raw SQL (queryRaw, executeRaw) has no model: its text and parameters are not a query shape.
  if (!parsed.modelName) return compile.call(compiler, request);
  let shape = shapeOf(parsed);
  let entry = shape ? shapes.get(shape.key) : null;
  if (entry && "keep" in entry) {
    shape = shapeOf(parsed, entry.keep)!;
    entry = shapes.get(shape.key);
  }
  if (entry === null || !shape || (entry && "keep" in entry)) {
    planCacheStats.literal++;
    return compile.call(compiler, request);
  }
  if (entry === undefined) {
    const literal = compile.call(compiler, request);
    learn(compile, compiler, parsed, shape, JSON.stringify(literal));
    planCacheStats.compiled++;
    return literal;
  }
  planCacheStats.hits++;
  return JSON.parse(fill(entry, shape.values));
}

/** Finds out whether `shape` can be answered from a kept plan, and keeps it (or that it cannot). */
function learn(compile: (request: string) => unknown, compiler: Compiler, parsed: { query: Json }, shape: Shape, literal: string, refining = false) {
  if (shape.values.length === 0) return remember(shape.key, { pieces: [literal], slots: [], types: [] });
  const plan = probe(compile, compiler, shape);
  if (plan && fill(plan, shape.values) === literal) return remember(shape.key, plan);
  // Enum values are compared through a cast when literal, as placeholders without one: keep them
  // literal (an enum has few values, so few shapes) and try the rest again.
  const enums = new Set(plan ? plan.types.flatMap((type, index) => (type === "Enum" ? [index] : [])) : []);
  if (refining || enums.size === 0) return remember(shape.key, null);
  remember(shape.key, { keep: enums });
  learn(compile, compiler, parsed, shapeOf(parsed, enums)!, literal, true);
}

type PanicRegistry = { set_message(message: string): void };

/**
 * The plan of the shape with placeholders. Should the compiler panic on one, the panic is kept from
 * Prisma's client (which would take the whole engine down for a query that never ran) and the
 * shape is compiled literally from then on.
 */
function probe(compile: (request: string) => unknown, compiler: Compiler, shape: Shape): Template | null {
  const registry = (globalThis as unknown as { PRISMA_WASM_PANIC_REGISTRY?: PanicRegistry }).PRISMA_WASM_PANIC_REGISTRY;
  const report = registry?.set_message;
  let panic: string | undefined;
  if (registry) registry.set_message = (message) => void (panic = message);
  try {
    return template(compile.call(compiler, shape.key), shape.values.length);
  } catch {
    return null;
  } finally {
    if (registry && report) registry.set_message = report;
    if (panic) logger.warn({ shape: shape.key, panic }, "the query compiler could not take placeholders in this query shape; it is compiled literally");
  }
}

let installed = false;

/** Puts the cache in front of the compiler of every Prisma client of this process (once). */
export function installPlanCache() {
  if (installed) return;
  installed = true;
  // The generated client loads this module for its compiler class; patching the class reaches
  // every client made from it. (require: the module is CommonJS, and this must be that same instance.)
  const require = createRequire(import.meta.url);
  const client = path.dirname(require.resolve("@prisma/client"));
  const runtime = require(require.resolve(".prisma/client/query_compiler_bg.js", { paths: [client] })) as { QueryCompiler: { prototype: Compiler } };
  const compile = runtime.QueryCompiler.prototype.compile;
  runtime.QueryCompiler.prototype.compile = function (this: Compiler, request: string) {
    return cachedCompile(compile, this, request);
  };
}
