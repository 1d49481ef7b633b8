import { createCookie, redirect } from "@remix-run/node";
import { createHash, randomBytes } from "node:crypto";
import type { Role } from "@prisma/client";
import { db } from "~/db/client.server";
import { query, statement } from "~/db/sql.server";
import { requireWebEnv } from "~/utils/env.server";
import { singleton } from "~/utils/singleton.server";

const SESSION_DAYS = 30;

export type SessionUser = { id: string; email: string; displayName: string; role: Role };

const sessionCookie = () =>
  singleton("session-cookie", () =>
    createCookie("sapling_session", {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: requireWebEnv().COOKIE_SECURE,
      secrets: [requireWebEnv().SESSION_SECRET],
      maxAge: SESSION_DAYS * 24 * 3600,
    }),
  );

function hashToken(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

/** Creates a database session and returns its bearer token (only its hash is stored). */
export async function createSession(userId: string): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db().session.create({
    data: { tokenHash: hashToken(token), userId, expiresAt: new Date(Date.now() + SESSION_DAYS * 24 * 3600 * 1000) },
  });
  return token;
}

const SESSION_USER = statement(
  "session-user",
  `SELECT u.id, u.email, u."displayName", u.role FROM "Session" s JOIN "User" u ON u.id = s."userId"
   WHERE s."tokenHash" = $1 AND s."expiresAt" > now()`,
);

async function userForToken(token: string | null | undefined): Promise<SessionUser | null> {
  if (!token) return null;
  // On every signed-in request: a prepared statement, not a Prisma query (see db/sql.server.ts).
  const [user] = await query<SessionUser>(SESSION_USER, [hashToken(token)]);
  return user ?? null;
}

async function cookieToken(request: Request): Promise<string | null> {
  const value = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" ? value : null;
}

function bearerToken(request: Request): string | null {
  const header = request.headers.get("Authorization");
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1] ?? null;
}

export async function getUser(request: Request): Promise<SessionUser | null> {
  return (await userForToken(bearerToken(request))) ?? userForToken(await cookieToken(request));
}

export async function loginRedirect(userId: string, redirectTo: string) {
  const token = await createSession(userId);
  return redirect(safeRedirect(redirectTo), {
    headers: { "Set-Cookie": await sessionCookie().serialize(token) },
  });
}

export async function logout(request: Request) {
  const token = await cookieToken(request);
  if (token) await db().session.deleteMany({ where: { tokenHash: hashToken(token) } });
  return redirect("/", { headers: { "Set-Cookie": await sessionCookie().serialize("", { maxAge: 0 }) } });
}

export async function revokeBearer(request: Request) {
  const token = bearerToken(request);
  if (token) await db().session.deleteMany({ where: { tokenHash: hashToken(token) } });
}

/** Only same-site paths: an open redirect after login would be a phishing aid. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/forest"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
