import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from "@remix-run/node";
import { Form, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/auth/guards.server";
import { ballSpot, ForestScene, SCENE_BALLS } from "~/components/forest-scene";
import { useGrams } from "~/components/grams";
import { SceneBall, type BallResult } from "~/components/scene-ball";
import { useDateTime } from "~/components/time";
import { db } from "~/db/client.server";
import { ForestAccessRefused, getFriendForest } from "~/energy/forest.server";
import { forestGoal, holdings } from "~/energy/goal.server";
import { ENERGY_RULES } from "~/energy/rules";
import { takeEnergy, unfriend, waterFriendOp } from "~/energy/operations.server";
import { wateringsLeftToday } from "~/energy/watering.server";
import { i18nServer } from "~/i18n/i18next.server";
import { intent, pageAction } from "~/utils/operation.server";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["demo", "forest", "friends", "ops", "projects", "stepUp", "time"] };

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
    if (error instanceof ForestAccessRefused) throw new Response(error.code, { status: error.code === "not_friends" ? 403 : 404 });
    throw error;
  }
}

export const action = (args: ActionFunctionArgs) =>
  pageAction(args, {
  take: intent(takeEnergy, { done: (taken) => ({ message: "friends.took", params: { grams: taken.grams } }) }),
  water: intent(waterFriendOp, { input: (fields, params) => ({ grams: fields.grams, friendId: params.userId }), done: (watered) => ({ message: "friends.watered", params: { grams: watered.grams } }) }),
  remove: intent(unfriend, { input: (_, params) => ({ friendId: params.userId }), done: () => redirect("/friends") }),
});

function Message({ data, testId }: { data: BallResult | null | undefined; testId?: string }) {
  const { t } = useTranslation();
  const grams = useGrams();
  if (!data) return null;
  return (
    <p role={data.ok ? "status" : "alert"} className={data.ok ? "notice" : "field-error"} data-testid={testId}>
      {data.ok ? t(data.message, { ...data.params, grams: grams(Number(data.params?.grams ?? 0)) }) : t(data.error, data.params)}
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
