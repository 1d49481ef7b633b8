import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/auth/guards.server";
import { Countdown } from "~/components/countdown";
import { useGrams } from "~/components/grams";
import { useDateTime } from "~/components/time";
import { db } from "~/db/client.server";
import { ForestAccessRefused, getFriendForest, takeFromBall, TakeRefused } from "~/energy/forest.server";
import { removeFriend } from "~/energy/friends.server";
import { ENERGY_RULES } from "~/energy/rules";
import { waterFriend, WaterRefused } from "~/energy/watering.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.forest.friend.displayName ?? ""} · Sapling` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  try {
    const [forest, me] = await Promise.all([
      getFriendForest(user.id, params.userId!),
      db().user.findUniqueOrThrow({ where: { id: user.id }, select: { timeZone: true, energyBalance: true } }),
    ]);
    return json({ forest, timeZone: me.timeZone, balance: me.energyBalance });
  } catch (error) {
    if (error instanceof ForestAccessRefused) throw new Response(error.reason, { status: error.reason === "not_friends" ? 403 : 404 });
    throw error;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await request.formData();
  const intent = String(form.get("intent"));
  try {
    if (intent === "take") {
      const { grams } = await takeFromBall(user.id, String(form.get("ballId")));
      return json({ ok: true as const, message: "friends.took", grams });
    }
    if (intent === "water") {
      const { grams } = await waterFriend(user.id, params.userId!, Number(form.get("grams")));
      return json({ ok: true as const, message: "friends.watered", grams });
    }
    if (intent === "remove") {
      await removeFriend(user.id, params.userId!);
      return redirect("/friends");
    }
  } catch (error) {
    if (error instanceof TakeRefused) return json({ ok: false as const, error: `forest.refused.${error.reason}` }, { status: 409 });
    if (error instanceof WaterRefused) return json({ ok: false as const, error: `friends.waterRefused.${error.reason}` }, { status: 409 });
    throw error;
  }
  return json({ ok: false as const, error: "errors.generic" }, { status: 400 });
}

function Message({ data }: { data: { ok: true; message: string; grams: number } | { ok: false; error: string } | undefined }) {
  const { t } = useTranslation();
  const grams = useGrams();
  if (!data) return null;
  return (
    <p role="status" className={data.ok ? "notice" : "field-error"}>
      {data.ok ? t(data.message, { grams: grams(data.grams) }) : t(data.error)}
    </p>
  );
}

export default function FriendForest() {
  const { t } = useTranslation();
  const { forest, timeZone, balance } = useLoaderData<typeof loader>();
  const take = useFetcher<typeof action>();
  const water = useFetcher<typeof action>();
  const busy = useNavigation().state !== "idle";
  const [confirmRemove, setConfirmRemove] = useState(false);
  const grams = useGrams();
  const formatTime = useDateTime(timeZone);
  return (
    <section>
      <h1>{t("friends.forestOf", { name: forest.friend.displayName })}</h1>
      {forest.cover ? <p className="badge" data-testid="friend-cover">{t("friends.protected", { time: formatTime(forest.cover.until) })}</p> : null}
      <Message data={take.data as never} />
      {forest.balls.length === 0 ? (
        <p className="notice">{t("friends.noBalls")}</p>
      ) : (
        <ul className="balls">
          {forest.balls.map((ball) => (
            <li key={ball.id} className="ball" data-state={ball.state} data-testid="friend-ball">
              <strong>{grams(ball.remaining)}</strong>
              <span className="muted">{t(`forest.action.${ball.type}`, { defaultValue: ball.type })}</span>
              {ball.state === "RIPE" ? (
                <take.Form method="post">
                  <input type="hidden" name="intent" value="take" />
                  <input type="hidden" name="ballId" value={ball.id} />
                  <button type="submit" disabled={take.state !== "idle"}>
                    {ball.mayTake > 0 ? t("friends.take", { grams: grams(ball.mayTake) }) : t("friends.tryTake")}
                  </button>
                </take.Form>
              ) : (
                <span className="muted">
                  {t("forest.ripens")} <Countdown to={ball.ripensAt} fallback={formatTime(ball.ripensAt)} />
                </span>
              )}
            </li>
          ))}
        </ul>
      )}

      <h2>{t("friends.water")}</h2>
      <p className="muted">{t("friends.waterExplain", { balance: grams(balance) })}</p>
      <water.Form method="post" className="row">
        <input type="hidden" name="intent" value="water" />
        {ENERGY_RULES.watering.amounts.map((amount) => (
          <button key={amount} type="submit" name="grams" value={amount} className="secondary" disabled={water.state !== "idle"}>
            {grams(amount)}
          </button>
        ))}
      </water.Form>
      <Message data={water.data as never} />

      <h2>{t("friends.remove")}</h2>
      {confirmRemove ? (
        <Form method="post" className="row">
          <span>{t("friends.removeConfirm", { name: forest.friend.displayName })}</span>
          <button type="submit" name="intent" value="remove" disabled={busy}>
            {t("friends.removeYes")}
          </button>
          <button type="button" className="secondary" onClick={() => setConfirmRemove(false)}>
            {t("projects.back")}
          </button>
        </Form>
      ) : (
        <button type="button" className="secondary" onClick={() => setConfirmRemove(true)}>
          {t("friends.remove")}
        </button>
      )}
    </section>
  );
}
