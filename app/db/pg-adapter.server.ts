import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

const CHAR_OID = 18;
const NAME_OID = 19;
const TEXT_OID = 25;

type QueryResultLike = { fields?: { dataTypeID: number }[] };

// prisma/orm#27403: adapter-pg cannot decode the catalog types "char" and name that the WASM
// schema engine reads; both arrive from Postgres as text anyway, so we relabel them as text.
function presentCatalogTypesAsText<T>(result: T): T {
  for (const field of (result as QueryResultLike)?.fields ?? []) {
    if (field.dataTypeID === CHAR_OID || field.dataTypeID === NAME_OID) field.dataTypeID = TEXT_OID;
  }
  return result;
}

class CatalogAsTextClient extends pg.Client {
  // pg's query() has many overloads: pg.Pool calls it with a callback, a client with a promise.
  override query(...args: unknown[]): never {
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === "function") {
      args[last] = (error: unknown, result: unknown) => callback(error, presentCatalogTypesAsText(result));
    }
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    if (result instanceof Promise) return result.then(presentCatalogTypesAsText) as never;
    return result as never;
  }
}

function migrationPool(connectionString: string, database?: string) {
  const config: pg.PoolConfig = { connectionString, Client: CatalogAsTextClient, max: 4 };
  if (database) {
    const url = new URL(connectionString);
    url.pathname = `/${database}`;
    config.connectionString = url.toString();
  }
  return new pg.Pool(config);
}

type ScriptRunner = { executeScript(script: string): Promise<void>; client: pg.Pool; onError(error: unknown): never };

/**
 * adapter-pg runs a migration script by splitting it on every ";", which cuts a function body
 * ($$ ... $$, as trigger functions have) in pieces. PostgreSQL itself reads a script of many
 * statements in one simple query, dollar quotes and all, as one implicit transaction: all of a
 * migration or none of it.
 */
function wholeScripts<A>(adapter: A): A {
  const runner = adapter as unknown as ScriptRunner;
  runner.executeScript = async (script) => {
    try {
      await runner.client.query(script);
    } catch (error) {
      runner.onError(error);
    }
  };
  return adapter;
}

// For `prisma migrate`: the catalog fix above, whole scripts, and a shadow database that is created
// fresh and dropped WITH (FORCE) after its pool is closed (the stock factory drops it while still connected).
class MigrationAdapterFactory extends PrismaPg {
  constructor(private readonly connectionString: string) {
    super(migrationPool(connectionString), { disposeExternalPool: true });
  }

  override async connect() {
    return wholeScripts(await super.connect());
  }

  override async connectToShadowDb() {
    const admin = new pg.Client({ connectionString: this.connectionString });
    await admin.connect();
    const database = `prisma_shadow_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
    await admin.query(`CREATE DATABASE "${database}"`);
    await admin.end();
    const shadow = new PrismaPg(migrationPool(this.connectionString, database), { disposeExternalPool: true });
    const adapter = wholeScripts(await shadow.connect());
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      const dropper = new pg.Client({ connectionString: this.connectionString });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await dropper.end();
    };
    return adapter;
  }
}

export function createMigrationAdapter(connectionString: string) {
  return new MigrationAdapterFactory(connectionString);
}
