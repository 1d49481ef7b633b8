import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/auth/guards.server";
import { useDateTime } from "~/components/time";
import { db } from "~/db/client.server";
import { collectBall, CollectRefused, getForest, type ForestBall } from "~/energy/forest.server";

export const meta: MetaFunction = () => [{ title: "My forest · Sapling" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [forest, profile] = await Promise.all([
    getForest(user.id),
    db().user.findUniqueOrThrow({ where: { id: user.id }, select: { timeZone: true } }),
  ]);
  return json({ ...forest, timeZone: profile.timeZone });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await request.formData();
  const ballId = String(form.get("ballId") ?? "");
  try {
    const { grams } = await collectBall(user.id, ballId);
    return json({ ok: true as const, grams });
  } catch (error) {
    if (error instanceof CollectRefused) return json({ ok: false as const, reason: error.reason }, { status: 409 });
    throw error;
  }
}

function useGrams() {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language);
  return (grams: number) => t("forest.grams", { count: number.format(grams) as unknown as number });
}

function Ball({ ball, timeZone }: { ball: ForestBall; timeZone: string }) {
  const { t } = useTranslation();
  const grams = useGrams();
  const fetcher = useFetcher<typeof action>();
  const formatTime = useDateTime(timeZone);
  const busy = fetcher.state !== "idle";
  return (
    <li className="ball" data-state={ball.state} data-testid="energy-ball">
      <strong>{grams(ball.remaining)}</strong>
      <span className="muted">{t(`forest.action.${ball.type}`, { defaultValue: ball.type })}</span>
      <span className="badge">{t(`forest.state.${ball.state}`)}</span>
      {ball.state === "RIPE" ? (
        <fetcher.Form method="post">
          <input type="hidden" name="ballId" value={ball.id} />
          <button type="submit" disabled={busy} aria-busy={busy}>
            {busy ? <span className="spinner" /> : t("forest.collect")}
          </button>
        </fetcher.Form>
      ) : (
        <span className="muted">{t("forest.ripensAt", { time: formatTime(ball.ripensAt) })}</span>
      )}
      {ball.state === "RIPE" ? <span className="muted">{t("forest.expiresAt", { time: formatTime(ball.expiresAt) })}</span> : null}
      {fetcher.data && !fetcher.data.ok ? (
        <span className="field-error" role="alert">
          {t(`forest.refused.${fetcher.data.reason}`)}
        </span>
      ) : null}
    </li>
  );
}

export default function Forest() {
  const { t } = useTranslation();
  const grams = useGrams();
  const { balance, balls, timeZone } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{t("forest.title")}</h1>
      <p>
        {t("forest.balance")}: <span className="balance" data-testid="energy-balance">{grams(balance)}</span>
      </p>
      <h2>{t("forest.balls")}</h2>
      {balls.length === 0 ? (
        <p className="notice">{t("forest.empty")}</p>
      ) : (
        <ul className="balls">
          {balls.map((ball) => (
            <Ball key={ball.id} ball={ball} timeZone={timeZone} />
          ))}
        </ul>
      )}
    </section>
  );
}
