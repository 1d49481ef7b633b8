import { redirect } from "@remix-run/node";
import { ApiError } from "~/utils/api.server";
import { getUser, type SessionUser } from "./session.server";

export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getUser(request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?${new URLSearchParams({ redirectTo: url.pathname + url.search })}`);
  }
  return user;
}

export async function requireOperator(request: Request): Promise<SessionUser> {
  return operatorOnly(await requireUser(request));
}

/** The user, if an operator; anyone else is answered 403. */
export function operatorOnly(user: SessionUser): SessionUser {
  if (user.role !== "OPERATOR") throw new Response("Forbidden", { status: 403, statusText: "Forbidden" });
  return user;
}

export async function requireApiUser(request: Request): Promise<SessionUser> {
  const user = await getUser(request);
  if (!user) throw new ApiError(401, "unauthenticated", "Sign in first: send Authorization: Bearer <token>");
  return user;
}

export async function requireApiOperator(request: Request): Promise<SessionUser> {
  const user = await requireApiUser(request);
  if (user.role !== "OPERATOR") throw new ApiError(403, "forbidden", "Only operators may do this");
  return user;
}
