import { generateTOTP } from "@epic-web/totp";
import pg from "pg";
import { inject } from "vitest";
import { stepAt, TOTP } from "~/auth/totp-config";
import { DEMO_TOTP_SECRET } from "../../prisma/seed";

/**
 * A code the operator's authenticator shows now that the server has not accepted yet (a code is
 * good once): when this step's was used, it waits for the next step, as a person would.
 */
export async function unusedCode(email: string, options: { secret?: string; databaseUrl?: string } = {}): Promise<string> {
  const sql = new pg.Client({ connectionString: options.databaseUrl ?? inject("serviceEnv").DATABASE_URL });
  await sql.connect();
  try {
    const { rows } = await sql.query<{ step: number }>(`SELECT "totpLastStep" AS step FROM "User" WHERE email = $1`, [email]);
    const lastStep = rows[0]?.step ?? 0;
    while (stepAt(Date.now()) <= lastStep) await new Promise((resolve) => setTimeout(resolve, 250));
    return (await generateTOTP({ secret: options.secret ?? DEMO_TOTP_SECRET, period: TOTP.period, digits: TOTP.digits, algorithm: TOTP.algorithm })).otp;
  } finally {
    await sql.end();
  }
}
