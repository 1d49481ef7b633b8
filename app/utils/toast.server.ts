import { createCookieSessionStorage, redirect } from "@remix-run/node";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { requireWebEnv } from "./env.server";
import { singleton } from "./singleton.server";

// A message shown once on the next page ("Project created"), carried across a redirect in a
// short-lived signed cookie, as the Epic Stack does: no `?created=1` in the address, nothing shown
// again on reload. Its text is a message key, translated where it is shown (components/toaster).

const toastSchema = z.object({
  id: z.string(),
  type: z.enum(["success", "message", "error"]).default("success"),
  message: z.string(),
  params: z.record(z.union([z.string(), z.number()])).optional(),
});

export type Toast = z.infer<typeof toastSchema>;
type ToastInput = Omit<Toast, "id" | "type"> & Partial<Pick<Toast, "type">>;

const KEY = "toast";

const storage = () =>
  singleton("toast-cookie", () =>
    createCookieSessionStorage({
      cookie: { name: "sapling_toast", httpOnly: true, sameSite: "lax", path: "/", secure: requireWebEnv().COOKIE_SECURE, secrets: [requireWebEnv().SESSION_SECRET] },
    }),
  );

/** The Set-Cookie header that shows `toast` on the next page. */
export async function toastHeaders(toast: ToastInput): Promise<Headers> {
  const session = await storage().getSession();
  session.flash(KEY, toastSchema.parse({ id: randomUUID(), ...toast }));
  return new Headers({ "Set-Cookie": await storage().commitSession(session) });
}

export async function redirectWithToast(url: string, toast: ToastInput, init?: ResponseInit) {
  const headers = new Headers(init?.headers);
  for (const [name, value] of await toastHeaders(toast)) headers.append(name, value);
  return redirect(url, { ...init, headers });
}

/** The toast waiting for this request, if any, and the header that clears it. */
export async function getToast(request: Request): Promise<{ toast: Toast | null; headers: Headers | null }> {
  const session = await storage().getSession(request.headers.get("Cookie"));
  if (!session.has(KEY)) return { toast: null, headers: null };
  const toast = toastSchema.safeParse(session.get(KEY));
  return { toast: toast.success ? toast.data : null, headers: new Headers({ "Set-Cookie": await storage().destroySession(session) }) };
}
