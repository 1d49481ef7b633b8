import pg from "pg";
import { pool } from "./client.server";

// The hot paths (every signed-in request's session, a redemption, a take from a ball, /healthz)
// skip Prisma: its query compiler builds every query again on each call, which was most of a
// request's CPU under load. They run as named prepared statements on the same pool Prisma uses,
// so PostgreSQL plans each once per connection. Everything else stays on Prisma.

export type Statement = { readonly name: string; readonly text: string };

/** A statement by name: the name must be unique, the text fixed (values go in $1, $2, ...). */
export function statement(name: string, text: string): Statement {
  return { name, text };
}

const TIMESTAMP_OID = 1114;
const INT8_OID = 20;

// As Prisma reads them: `timestamp(3)` columns hold UTC without a zone, bigint columns are BigInt.
const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === TIMESTAMP_OID) return (value: string) => new Date(`${value.replace(" ", "T")}Z`);
    if (oid === INT8_OID) return (value: string) => BigInt(value);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export async function query<Row>(sql: Statement, values: unknown[], on: pg.Pool | pg.PoolClient = pool()): Promise<Row[]> {
  const result = await on.query({ name: sql.name, text: sql.text, values, types });
  return result.rows as Row[];
}
