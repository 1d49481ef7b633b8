import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { readForm } from "~/utils/input.server";
import { json, redirect } from "@remix-run/node";
import { Form, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/auth/guards.server";
import { ballSpot, ForestScene, SCENE_BALLS } from "~/components/forest-scene";
import { useGrams } from "~/components/grams";
import { SceneBall, type BallResult } from "~/components/scene-ball";
import { useDateTime } from "~/components/time";
import { db } from "~/db/client.server";
import { ForestAccessRefused, getFriendForest, takeFromBall, TakeRefused } from "~/energy/forest.server";
import { FriendRefused, removeFriend } from "~/energy/friends.server";
import { forestGoal, holdings } from "~/energy/goal.server";
import { ENERGY_RULES } from "~/energy/rules";
import { waterFriend, wateringsLeftToday, WaterRefused } from "~/energy/watering.server";
import { i18nServer } from "~/i18n/i18next.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.forest.friend.displayName ?? ""} · Sapling` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = await i18nServer.getLocale(request);
  try {
    const forest = await getFriendForest(user.id, params.userId!);
    const [me, goal, held, wateringsLeft] = await Promise.all([
      db().user.findUniqueOrThrow({ where: { id: user.id }, select: { timeZone: true, energyBalance: true } }),
      forestGoal(forest.friend.id, locale),
      holdings(forest.friend.id),
      wateringsLeftToday(user.id, forest.friend.id),
    ]);
    // The friend's tree by its stage only: their balance stays theirs.
    const tree = { art: goal.goal?.art ?? "sea-buckthorn", stage: goal.growth?.stage ?? "seed" };
    return json({ forest, tree, held: held.trees, wateringsLeft, timeZone: me.timeZone, balance: me.energyBalance });
  } catch (error) {
    if (error instanceof ForestAccessRefused) throw new Response(error.reason, { status: error.reason === "not_friends" ? 403 : 404 });
    throw error;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  const intent = String(form.get("intent"));
  try {
    if (intent === "take") {
      const { grams } = await takeFromBall(user.id, String(form.get("ballId")));
      return json<BallResult>({ ok: true, message: "friends.took", grams });
    }
    if (intent === "water") {
      const { grams } = await waterFriend(user.id, params.userId!, Number(form.get("grams")));
      return json<BallResult>({ ok: true, message: "friends.watered", grams });
    }
    if (intent === "remove") {
      await removeFriend(user.id, params.userId!);
      return redirect("/friends");
    }
  } catch (error) {
    if (error instanceof TakeRefused) return json<BallResult>({ ok: false, error: `forest.refused.${error.reason}` }, { status: 409 });
    if (error instanceof WaterRefused) return json<BallResult>({ ok: false, error: `friends.waterRefused.${error.reason}` }, { status: 409 });
    if (error instanceof FriendRefused) return json<BallResult>({ ok: false, error: `friends.refused.${error.reason}` }, { status: 409 });
    throw error;
  }
  return json<BallResult>({ ok: false, error: "errors.generic" }, { status: 400 });
}

function Message({ data, testId }: { data: BallResult | null | undefined; testId?: string }) {
  const { t } = useTranslation();
  const grams = useGrams();
  if (!data) return null;
  return (
    <p role={data.ok ? "status" : "alert"} className={data.ok ? "notice" : "field-error"} data-testid={testId}>
      {data.ok ? t(data.message, { grams: grams(data.grams ?? 0) }) : t(data.error)}
    </p>
  );
}

export default function FriendForest() {
  const { t } = useTranslation();
  const { forest, tree, held, wateringsLeft, timeZone, balance } = useLoaderData<typeof loader>();
  const water = useFetcher<typeof action>();
  const busy = useNavigation().state !== "idle";
  const [confirmRemove, setConfirmRemove] = useState(false);
  const [taken, setTaken] = useState<BallResult | null>(null);
  const report = useCallback((result: BallResult) => setTaken(result), []);
  const grams = useGrams();
  const formatTime = useDateTime(timeZone);
  const shown = forest.balls.slice(0, SCENE_BALLS);
  return (
    <section className="forest-page">
      <h1>{t("friends.forestOf", { name: forest.friend.displayName })}</h1>
      {forest.cover ? (
        <p className="badge" data-testid="friend-cover">
          {t("friends.protected", { time: formatTime(forest.cover.until) })}
        </p>
      ) : null}
      <ForestScene art={tree.art} stage={tree.stage} held={held} covered={forest.cover !== null} label={t("friends.sceneLabel", { name: forest.friend.displayName, stage: t(`forest.stage.${tree.stage}`) })}>
        {shown.map((ball, i) => {
          // A cover does not make a ball spent: trying is allowed, and the friend sees the attempt.
          const spent = ball.spent;
          return (
            <SceneBall
              key={ball.id}
              ball={ball}
              spot={ballSpot(i, shown.length)}
              index={i}
              intent="take"
              pressable
              spent={spent}
              hand={ball.mayTake > 0 && !forest.cover}
              timeZone={timeZone}
              onResult={report}
            />
          );
        })}
      </ForestScene>
      <Message data={taken} testId="take-result" />
      {forest.balls.length === 0 ? <p className="notice">{t("friends.noBalls")}</p> : null}

      <h2>{t("friends.water")}</h2>
      <p className="muted" data-testid="waterings-left">
        {t("friends.waterExplain", { balance: grams(balance) })} {t("friends.wateringsLeft", { count: wateringsLeft })}
      </p>
      <water.Form method="post" className="row">
        <input type="hidden" name="intent" value="water" />
        {ENERGY_RULES.watering.amounts.map((amount) => (
          <button key={amount} type="submit" name="grams" value={amount} className="secondary" disabled={water.state !== "idle" || wateringsLeft === 0 || balance < amount}>
            {grams(amount)}
          </button>
        ))}
      </water.Form>
      <Message data={water.data} />

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
