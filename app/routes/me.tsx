import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/auth/guards.server";
import { useGrams } from "~/components/grams";
import { db } from "~/db/client.server";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["energyPage", "forest", "security"] };

export const meta: MetaFunction = () => [{ title: "Me · Sapling" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const me = await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { displayName: true, energyBalance: true, role: true } });
  return json({ me });
}

const PLACES = [
  ["/energy", "energyPage.title"],
  ["/plots", "nav.plots"],
  ["/teams", "nav.teams"],
  ["/orders", "nav.orders"],
  ["/cart", "nav.cart"],
  ["/impact", "nav.impact"],
  ["/transparency", "nav.transparency"],
  ["/me/security", "security.link"],
] as const;

/** Everything that is not one of the four other tabs: the user's own records, and leaving. */
export default function Me() {
  const { t } = useTranslation();
  const { me } = useLoaderData<typeof loader>();
  const grams = useGrams();
  return (
    <section className="me">
      <h1>{me.displayName}</h1>
      <p>
        {t("forest.balance")}: <strong>{grams(me.energyBalance)}</strong>
      </p>
      <ul className="place-list">
        {PLACES.map(([to, key]) => (
          <li key={to}>
            <Link to={to}>{t(key)}</Link>
          </li>
        ))}
        {me.role === "OPERATOR" ? (
          <li>
            <Link to="/ops">{t("nav.ops")}</Link>
          </li>
        ) : null}
      </ul>
      <Form method="post" action="/logout">
        <button type="submit" className="secondary">
          {t("nav.logout")}
        </button>
      </Form>
    </section>
  );
}
