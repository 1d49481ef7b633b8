import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/auth/guards.server";
import { useGrams } from "~/components/grams";
import { useDateTime } from "~/components/time";
import { db } from "~/db/client.server";
import { energyStatement } from "~/energy/ledger.server";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["energyPage", "forest", "ops"] };

export const meta: MetaFunction = () => [{ title: "My energy · Sapling" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const cursor = new URL(request.url).searchParams.get("cursor");
  // A cursor is an entry id: anything else starts from the newest, rather than failing.
  const from = cursor && /^\d{1,18}$/.test(cursor) ? BigInt(cursor) : null;
  const [statement, me] = await Promise.all([
    energyStatement(user.id, from),
    db().user.findUniqueOrThrow({ where: { id: user.id }, select: { energyBalance: true, timeZone: true } }),
  ]);
  return json({ ...statement, balance: me.energyBalance, timeZone: me.timeZone, paged: from !== null });
}

const key = (e: { account: string; kind: string; grams: number }) => `${e.account}_${e.kind}_${e.grams >= 0 ? "in" : "out"}`;

/** Every movement of the user's energy in words, newest first, with what each kind adds up to. */
export default function MyEnergy() {
  const { t } = useTranslation();
  const { entries, nextCursor, totals, balance, timeZone, paged } = useLoaderData<typeof loader>();
  const grams = useGrams();
  const formatTime = useDateTime(timeZone);
  return (
    <section>
      <h1>{t("energyPage.title")}</h1>
      <p>
        {t("forest.balance")}: <strong>{grams(balance)}</strong>
      </p>
      <h2>{t("energyPage.totalsTitle")}</h2>
      {totals.length === 0 ? (
        <p className="notice">{t("energyPage.empty")}</p>
      ) : (
        <table data-testid="energy-totals">
          <tbody>
            {totals.map((total) => (
              <tr key={`${total.account}_${total.kind}_${total.direction}`}>
                <td>{t(`energyPage.totals.${total.account}_${total.kind}_${total.direction}`, { defaultValue: `${total.kind}` })}</td>
                <td>{grams(Math.abs(total.grams))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t("energyPage.entriesTitle")}</h2>
      <ul className="feed" data-testid="energy-entries">
        {entries.map((entry) => (
          <li key={entry.id} data-kind={entry.kind}>
            <span className="muted">{formatTime(entry.createdAt)}</span>{" "}
            {t(`energyPage.entry.${key(entry)}`, {
              grams: grams(Math.abs(entry.grams)),
              who: entry.who ?? "?",
              source: entry.source ? t(`forest.action.${entry.source}`, { defaultValue: entry.source }) : "",
              reason: entry.reason ?? "",
              defaultValue: `${entry.kind} ${entry.grams}`,
            })}
          </li>
        ))}
      </ul>
      <p className="pager">
        {paged ? <Link to="?">{t("ops.first")}</Link> : null}
        {nextCursor ? <Link to={`?cursor=${nextCursor}`}>{t("ops.next")}</Link> : null}
      </p>
    </section>
  );
}
