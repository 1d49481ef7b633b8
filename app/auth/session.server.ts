import { createCookie, redirect } from "@remix-run/node";
import { createHash, randomBytes } from "node:crypto";
import type { Role } from "@prisma/client";
import { db } from "~/db/client.server";
import { query, statement } from "~/db/sql.server";
import { requireWebEnv } from "~/utils/env.server";
import { clientIp } from "~/utils/rate-limit.server";
import { singleton } from "~/utils/singleton.server";

const SESSION_DAYS = 30;

/** The signed-in user, and which of their sessions this request came with. */
export type SessionUser = {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  sessionId: string;
  /** Until when this session's operator decisions need no new authenticator code (ISO), or null. */
  stepUpUntil: string | null;
};

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

/** What a person sees to recognise a session: the browser that signed in and its address. */
export type SessionOrigin = { userAgent: string; ip: string };

export function sessionOrigin(request: Request): SessionOrigin {
  return { userAgent: (request.headers.get("User-Agent") ?? "").slice(0, 300), ip: clientIp() };
}

/** Creates a database session and returns its bearer token (only its hash is stored). */
export async function createSession(userId: string, origin: SessionOrigin = { userAgent: "", ip: "" }): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db().session.create({
    data: { tokenHash: hashToken(token), userId, expiresAt: new Date(Date.now() + SESSION_DAYS * 24 * 3600 * 1000), ...origin },
  });
  return token;
}

const SESSION_USER = statement(
  "session-user",
  `SELECT u.id, u.email, u."displayName", u.role, s.id AS "sessionId",
          CASE WHEN s."stepUpUntil" > now() THEN to_char(s."stepUpUntil" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') END AS "stepUpUntil",
          s."lastSeenAt" < now() - interval '10 minutes' AS stale
   FROM "Session" s JOIN "User" u ON u.id = s."userId"
   WHERE s."tokenHash" = $1 AND s."expiresAt" > now()`,
);

// Written at most once in ten minutes per session, not on every request.
const TOUCH_SESSION = statement("session-touch", `UPDATE "Session" SET "lastSeenAt" = now() WHERE "tokenHash" = $1`);

async function userForToken(token: string | null | undefined): Promise<SessionUser | null> {
  if (!token) return null;
  // On every signed-in request: a prepared statement, not a Prisma query (see db/sql.server.ts).
  const tokenHash = hashToken(token);
  const [row] = await query<SessionUser & { stale: boolean }>(SESSION_USER, [tokenHash]);
  if (!row) return null;
  const { stale, ...user } = row;
  if (stale) void query(TOUCH_SESSION, [tokenHash]).catch(() => undefined);
  return user;
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

/**
 * Signs the user in on this browser: a new session (a new token, whatever the browser held before,
 * so a session planted before login is never the one that becomes signed in), and the one the
 * browser held, if any, ended.
 */
export async function loginRedirect(userId: string, redirectTo: string, request: Request) {
  const previous = await cookieToken(request);
  if (previous) await db().session.deleteMany({ where: { tokenHash: hashToken(previous) } });
  const token = await createSession(userId, sessionOrigin(request));
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

/** Where the user is signed in: the one asking (`current`) first, then the most recently used. */
export async function listSessions(user: SessionUser) {
  const sessions = await db().session.findMany({
    where: { userId: user.id, expiresAt: { gt: new Date() } },
    select: { id: true, userAgent: true, ip: true, createdAt: true, lastSeenAt: true },
    orderBy: { lastSeenAt: "desc" },
    take: 100,
  });
  const listed = sessions.map((session) => ({
    ...session,
    createdAt: session.createdAt.toISOString(),
    lastSeenAt: session.lastSeenAt.toISOString(),
    current: session.id === user.sessionId,
  }));
  // The one asking first: people look for "this device" before the others.
  return [...listed.filter((session) => session.current), ...listed.filter((session) => !session.current)];
}

/** Ends one of the user's sessions (not someone else's: the id is looked up with the owner). */
export async function endSession(userId: string, sessionId: string): Promise<boolean> {
  return (await db().session.deleteMany({ where: { userId, id: sessionId } })).count === 1;
}

/** Ends every session of the user but `keep` (the one asking): how many ended. */
export async function endOtherSessions(userId: string, keep: string): Promise<number> {
  return (await db().session.deleteMany({ where: { userId, id: { not: keep } } })).count;
}
