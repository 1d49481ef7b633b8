import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { demoMode } from "~/energy/demo-actions.server";

// After asking for an account: the link is in the mail (the same page whether or not the address
// had an account; docs/decisions/019-no-account-enumeration.md).

export const handle = { i18n: ["auth"] };

export const meta: MetaFunction = () => [{ title: "Check your mail · Sapling" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const to = (new URL(request.url).searchParams.get("to") ?? "").slice(0, 254);
  return json({ to, demo: demoMode() });
}

export default function SignupSent() {
  const { t } = useTranslation();
  const { to, demo } = useLoaderData<typeof loader>();
  return (
    <section className="stack">
      <h1>{t("auth.sentTitle")}</h1>
      <p data-testid="signup-sent">{to ? t("auth.sentBody", { to }) : t("auth.sentBodyNoAddress")}</p>
      <p className="muted">{t("auth.sentHint")}</p>
      {demo ? (
        <p className="notice">
          {t("auth.demoMail")} <Link to="/demo/mailbox">{t("auth.demoMailbox")}</Link>
        </p>
      ) : null}
      <p>
        <Link to="/login">{t("auth.haveAccount")} {t("nav.login")}</Link>
      </p>
    </section>
  );
}
