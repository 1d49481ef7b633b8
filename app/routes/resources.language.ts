import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { readForm } from "~/utils/input.server";
import { safeRedirect } from "~/auth/session.server";
import { supportedLngs } from "~/i18n/config";
import { localeCookie } from "~/i18n/i18next.server";

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const requested = String(form.get("lng"));
  const locale = (supportedLngs as readonly string[]).includes(requested) ? requested : "zh";
  return redirect(safeRedirect(form.get("redirectTo"), "/"), {
    headers: { "Set-Cookie": await localeCookie.serialize(locale) },
  });
}

export const loader = () => redirect("/");
