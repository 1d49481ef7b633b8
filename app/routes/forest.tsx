import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useGrams } from "~/components/grams";
import { requireUser } from "~/auth/guards.server";
import { CountUp } from "~/components/count-up";
import { Feed } from "~/components/feed";
import { ballSpot, ForestScene, SCENE_BALLS } from "~/components/forest-scene";
import { GoalProgress, GoalPicker } from "~/components/goal";
import { SceneBall, type BallResult, type SceneBallData } from "~/components/scene-ball";
import { useDateTime } from "~/components/time";
import { db } from "~/db/client.server";
import { demoMode } from "~/energy/demo-actions.server";
import { getForest, listActivity } from "~/energy/forest.server";
import { forestGoal, holdings } from "~/energy/goal.server";
import { chooseGoal, collectEverything, sampleAction, takeEnergy, useForestItem } from "~/energy/operations.server";
import { ACTION_TYPES } from "~/energy/rules";
import { i18nServer } from "~/i18n/i18next.server";
import { intent, pageAction } from "~/utils/operation.server";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["demo", "energyPage", "feed", "forest", "friends", "ops", "projects", "species", "stepUp", "time"] };

export const meta: MetaFunction = () => [{ title: "My forest · Sapling" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = await i18nServer.getLocale(request);
  const [forest, profile, activity, goal, held] = await Promise.all([
    getForest(user.id),
    db().user.findUniqueOrThrow({ where: { id: user.id }, select: { timeZone: true } }),
    listActivity(user.id, 20),
    forestGoal(user.id, locale),
    holdings(user.id),
  ]);
  return json({ ...forest, activity, goal, held, timeZone: profile.timeZone, demo: demoMode() });
}

export const action = (args: ActionFunctionArgs) =>
  pageAction(args, {
  collect: intent(takeEnergy, { done: ({ grams }) => ({ message: "forest.collected", params: { grams } }) }),
  "collect-all": intent(collectEverything, { done: ({ grams, collected }) => ({ message: collected ? "forest.collected" : "forest.nothingRipe", params: { grams } }) }),
  "use-cover": intent(useForestItem, { input: () => ({ item: "cover" }), done: () => ({ message: "forest.coverOn" }) }),
  "use-double-card": intent(useForestItem, { input: () => ({ item: "double_card" }), done: () => ({ message: "forest.doubleOn" }) }),
  "set-goal": intent(chooseGoal, { done: () => ({ message: "forest.goal.set" }) }),
  sample: intent(sampleAction, { done: ({ grams }) => ({ message: "demo.earned", params: { grams } }) }),
});

/** Balls from reports that looked implausible: waiting for a check, or refused, and why. */
function UnderReview() {
  const { t } = useTranslation();
  const { underReview } = useLoaderData<typeof loader>();
  const grams = useGrams();
  if (underReview.length === 0) return null;
  return (
    <ul className="notice plain" data-testid="under-review">
      {underReview.map((ball) => (
        <li key={ball.id} data-state={ball.state}>
          {t(ball.state === "HELD" ? "forest.review.held" : "forest.review.rejected", {
            grams: grams(ball.grams),
            source: t(`forest.action.${ball.actionType}`, { defaultValue: ball.actionType }),
            reason: t(`forest.review.reason.${ball.reason}`),
          })}
        </li>
      ))}
    </ul>
  );
}

function Items() {
  const { t } = useTranslation();
  const { cover, doubleCard, items, streakDays, timeZone } = useLoaderData<typeof loader>();
  const formatTime = useDateTime(timeZone);
  const busy = useNavigation().state !== "idle";
  return (
    <section className="items" aria-label={t("forest.itemsTitle")}>
      <p className="chips">
        {cover ? <span className="badge" data-testid="cover-on">{t("forest.coverUntil", { time: formatTime(cover.until) })}</span> : null}
        {doubleCard ? <span className="badge">{t("forest.doubleUntil", { time: formatTime(doubleCard.until) })}</span> : null}
        {streakDays > 0 ? <span className="muted">{t("forest.streak", { count: streakDays })}</span> : null}
      </p>
      <Form method="post" className="row">
        <button type="submit" name="intent" value="use-cover" className="secondary" disabled={busy || items.covers === 0}>
          {t("forest.useCover", { count: items.covers })}
        </button>
        <button type="submit" name="intent" value="use-double-card" className="secondary" disabled={busy || items.doubleCards === 0}>
          {t("forest.useDouble", { count: items.doubleCards })}
        </button>
      </Form>
    </section>
  );
}

function DemoPanel() {
  const { t } = useTranslation();
  const fetcher = useFetcher<typeof action>();
  return (
    <section className="notice demo" data-testid="demo-panel">
      <h2>{t("demo.title")}</h2>
      <p className="muted">{t("demo.explain")}</p>
      <fetcher.Form method="post" className="row">
        <input type="hidden" name="intent" value="sample" />
        {ACTION_TYPES.map((type) => (
          <button key={type} type="submit" name="type" value={type} className="secondary" disabled={fetcher.state !== "idle"}>
            {t(`forest.action.${type}`)}
          </button>
        ))}
      </fetcher.Form>
      {fetcher.data ? (
        <p role="status" className={fetcher.data.ok ? "" : "field-error"}>
          {fetcher.data.ok ? t(fetcher.data.message, { ...fetcher.data.params }) : t(fetcher.data.error, { ...fetcher.data.params })}
        </p>
      ) : null}
    </section>
  );
}

/** Balls on their way into the tree, kept on screen until their flight is over. */
function useLeavingBalls() {
  const [leaving, setLeaving] = useState<Map<string, { ball: SceneBallData; spot: { left: string; top: string } }>>(new Map());
  const launch = useCallback((ball: SceneBallData, spot: { left: string; top: string }) => {
    setLeaving((current) => new Map(current).set(ball.id, { ball, spot }));
    setTimeout(() => setLeaving((current) => {
      const next = new Map(current);
      next.delete(ball.id);
      return next;
    }), 750);
  }, []);
  return { leaving, launch };
}

export default function Forest() {
  const { t } = useTranslation();
  const { balance, balls, timeZone, activity, demo, goal, held, cover } = useLoaderData<typeof loader>();
  const pageResult = useActionData<typeof action>();
  const collectAllFetcher = useFetcher<typeof action>();
  const [announcement, setAnnouncement] = useState<BallResult | null>(null);
  const { leaving, launch } = useLeavingBalls();
  const report = useCallback((result: BallResult) => setAnnouncement(result), []);
  useEffect(() => {
    if (collectAllFetcher.state === "idle" && collectAllFetcher.data) setAnnouncement(collectAllFetcher.data);
  }, [collectAllFetcher.state, collectAllFetcher.data]);

  const shown = balls.slice(0, SCENE_BALLS);
  const ripe = balls.filter((ball) => ball.state === "RIPE");
  const result = announcement ?? pageResult ?? null;
  const art = goal.goal?.art ?? "sea-buckthorn";
  const stage = goal.growth?.stage ?? "seed";

  return (
    <section className="forest-page">
      <h1 className="visually-hidden">{t("forest.title")}</h1>
      <div className="forest-top">
        <p className="balance-line">
          {t("forest.balance")} <strong className="balance"><CountUp grams={balance} testId="energy-balance" /></strong>
        </p>
        {ripe.length > 1 ? (
          <collectAllFetcher.Form method="post" onSubmit={() => ripe.slice(0, SCENE_BALLS).forEach((ball, i) => launch(ball, ballSpot(i, shown.length)))}>
            <button type="submit" name="intent" value="collect-all" disabled={collectAllFetcher.state !== "idle"}>
              {t("forest.collectAll", { count: ripe.length })}
            </button>
          </collectAllFetcher.Form>
        ) : null}
      </div>
      <ForestScene art={art} stage={stage} held={held.trees} covered={cover !== null} label={t("forest.sceneLabel", { stage: t(`forest.stage.${stage}`), name: t(`species.${art}`) })}>
        {/* One list, so a ball keeps its element (and its result) while it flies after collection. */}
        {[...shown, ...[...leaving.values()].map(({ ball }) => ball).filter((ball) => !shown.some((b) => b.id === ball.id))].map((ball, i) => {
          const flying = leaving.get(ball.id);
          return (
            <SceneBall
              key={ball.id}
              ball={flying?.ball ?? ball}
              spot={flying?.spot ?? ballSpot(i, shown.length)}
              index={i}
              intent="collect"
              pressable
              leaving={flying !== undefined}
              timeZone={timeZone}
              onLaunch={launch}
              onResult={report}
            />
          );
        })}
      </ForestScene>
      <p className="visually-hidden" aria-live="polite" data-testid="collect-announcement">
        {result?.ok && result.params?.grams ? t(result.message, { ...result.params }) : ""}
      </p>
      {result && !result.ok ? (
        <p className="field-error" role="alert">
          {t(result.error)}
        </p>
      ) : null}
      <UnderReview />
      {balls.length === 0 ? <p className="notice">{t(demo ? "forest.emptyDemo" : "forest.empty")}</p> : null}
      {balls.length > SCENE_BALLS ? <p className="muted">{t("forest.moreBalls", { count: balls.length - SCENE_BALLS })}</p> : null}
      {goal.goal && goal.growth ? <GoalProgress goal={goal.goal} growth={goal.growth} held={held} /> : <p className="notice">{t("forest.goal.none")}</p>}
      <GoalPicker choices={goal.choices} current={goal.goal?.id ?? null} firstVisit={!goal.chosen} />
      <Items />
      {demo ? <DemoPanel /> : null}
      <h2>{t("feed.title")}</h2>
      <Feed activity={activity} timeZone={timeZone} />
      <p className="row">
        <Link to="/energy">{t("energyPage.link")}</Link>
        <Link to="/friends">{t("friends.title")}</Link>
      </p>
    </section>
  );
}
