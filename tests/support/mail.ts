import pg from "pg";
import { inject } from "vitest";

/**
 * The token of the sign-up link last mailed to `to`, read from the mail as it was written (the
 * demo and test servers send no mail: docs/decisions/019-no-account-enumeration.md).
 */
export async function signupTokenFor(to: string, databaseUrl = inject("serviceEnv").DATABASE_URL): Promise<string> {
  const sql = new pg.Client({ connectionString: databaseUrl });
  await sql.connect();
  try {
    const { rows } = await sql.query<{ text: string }>(`SELECT text FROM "Mail" WHERE "to" = $1 ORDER BY "createdAt" DESC LIMIT 1`, [to]);
    const token = rows[0]?.text.match(/\/signup\/confirm\?token=([\w-]+)/)?.[1];
    if (!token) throw new Error(`no sign-up link was mailed to ${to}`);
    return token;
  } finally {
    await sql.end();
  }
}
