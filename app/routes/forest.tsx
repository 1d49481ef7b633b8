import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/auth/guards.server";
import { Countdown } from "~/components/countdown";
import { Feed } from "~/components/feed";
import { useGrams } from "~/components/grams";
import { useDateTime } from "~/components/time";
import { db } from "~/db/client.server";
import { demoMode, triggerSampleAction } from "~/energy/demo-actions.server";
import { collectAll, getForest, ItemRefused, listActivity, takeFromBall, TakeRefused, useItem, type ForestBall } from "~/energy/forest.server";
import { ACTION_TYPES } from "~/energy/rules";

export const meta: MetaFunction = () => [{ title: "My forest · Sapling" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [forest, profile, activity] = await Promise.all([
    getForest(user.id),
    db().user.findUniqueOrThrow({ where: { id: user.id }, select: { timeZone: true } }),
    listActivity(user.id, 20),
  ]);
  return json({ ...forest, activity, timeZone: profile.timeZone, demo: demoMode() });
}

type ActionResult = { ok: true; message: string; grams?: number } | { ok: false; error: string };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await request.formData();
  const intent = String(form.get("intent"));
  try {
    if (intent === "collect") {
      const { grams } = await takeFromBall(user.id, String(form.get("ballId") ?? ""));
      return json<ActionResult>({ ok: true, message: "forest.collected", grams });
    }
    if (intent === "collect-all") {
      const { grams } = await collectAll(user.id);
      return json<ActionResult>({ ok: true, message: "forest.collected", grams });
    }
    if (intent === "use-cover" || intent === "use-double-card") {
      await useItem(user.id, intent === "use-cover" ? "cover" : "double_card");
      return json<ActionResult>({ ok: true, message: intent === "use-cover" ? "forest.coverOn" : "forest.doubleOn" });
    }
    if (intent === "sample") {
      const answer = await triggerSampleAction(user, String(form.get("type")));
      const body = answer.body as { grams?: number; reason?: string };
      if (answer.status === 201 && body.grams) return json<ActionResult>({ ok: true, message: "demo.earned", grams: body.grams });
      return json<ActionResult>({ ok: false, error: `demo.refused.${body.reason ?? "other"}` }, { status: 409 });
    }
  } catch (error) {
    if (error instanceof TakeRefused) return json<ActionResult>({ ok: false, error: `forest.refused.${error.reason}` }, { status: 409 });
    if (error instanceof ItemRefused) return json<ActionResult>({ ok: false, error: "forest.noItem" }, { status: 409 });
    throw error;
  }
  return json<ActionResult>({ ok: false, error: "errors.generic" }, { status: 400 });
}

function Ball({ ball, timeZone }: { ball: ForestBall; timeZone: string }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<typeof action>();
  const formatTime = useDateTime(timeZone);
  const grams = useGrams();
  const busy = fetcher.state !== "idle";
  return (
    <li className="ball" data-state={ball.state} data-testid="energy-ball" data-expiring={ball.expiringSoon || undefined}>
      <strong>{grams(ball.remaining)}</strong>
      <span className="muted">{t(`forest.action.${ball.type}`, { defaultValue: ball.type })}</span>
      <span className={ball.expiringSoon ? "badge warn" : "badge"}>{ball.expiringSoon ? t("forest.expiringSoon") : t(`forest.state.${ball.state}`)}</span>
      {ball.demoShortcut ? (
        <span className="badge demo" data-testid="demo-shortcut">
          {t("demo.shortcut")}
        </span>
      ) : null}
      {ball.state === "RIPE" ? (
        <>
          <fetcher.Form method="post">
            <input type="hidden" name="intent" value="collect" />
            <input type="hidden" name="ballId" value={ball.id} />
            <button type="submit" disabled={busy} aria-busy={busy}>
              {busy ? <span className="spinner" /> : t("forest.collect")}
            </button>
          </fetcher.Form>
          <span className="muted">
            {t("forest.disappears")} <Countdown to={ball.expiresAt} fallback={formatTime(ball.expiresAt)} />
          </span>
        </>
      ) : (
        <span className="muted">
          {t("forest.ripens")} <Countdown to={ball.ripensAt} fallback={formatTime(ball.ripensAt)} />
        </span>
      )}
      {fetcher.data && !fetcher.data.ok ? (
        <span className="field-error" role="alert">
          {t(fetcher.data.error)}
        </span>
      ) : null}
    </li>
  );
}

function Items() {
  const { t } = useTranslation();
  const { cover, doubleCard, items, streakDays, timeZone } = useLoaderData<typeof loader>();
  const formatTime = useDateTime(timeZone);
  const busy = useNavigation().state !== "idle";
  return (
    <section className="items">
      <p>
        {cover ? <span className="badge" data-testid="cover-on">{t("forest.coverUntil", { time: formatTime(cover.until) })}</span> : null}{" "}
        {doubleCard ? <span className="badge">{t("forest.doubleUntil", { time: formatTime(doubleCard.until) })}</span> : null}{" "}
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
          {fetcher.data.ok ? t(fetcher.data.message, { grams: fetcher.data.grams }) : t(fetcher.data.error)}
        </p>
      ) : null}
    </section>
  );
}

export default function Forest() {
  const { t } = useTranslation();
  const { balance, balls, timeZone, activity, demo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const collectAllBusy = useNavigation().formData?.get("intent") === "collect-all";
  const grams = useGrams();
  const ripe = balls.filter((ball) => ball.state === "RIPE");
  return (
    <section>
      <h1>{t("forest.title")}</h1>
      <p>
        {t("forest.balance")}:{" "}
        <span className="balance" data-testid="energy-balance">
          {grams(balance)}
        </span>
      </p>
      <Items />
      {result ? (
        <p role="status" className={result.ok ? "notice" : "field-error"}>
          {result.ok ? t(result.message, { grams: result.grams }) : t(result.error)}
        </p>
      ) : null}
      <h2>{t("forest.balls")}</h2>
      {balls.length === 0 ? (
        <p className="notice">{t("forest.empty")}</p>
      ) : (
        <>
          {ripe.length > 1 ? (
            <Form method="post">
              <button type="submit" name="intent" value="collect-all" disabled={collectAllBusy}>
                {collectAllBusy ? <span className="spinner" /> : null} {t("forest.collectAll", { count: ripe.length })}
              </button>
            </Form>
          ) : null}
          <ul className="balls">
            {balls.map((ball) => (
              <Ball key={ball.id} ball={ball} timeZone={timeZone} />
            ))}
          </ul>
        </>
      )}
      <p>
        <Link to="/friends">{t("friends.title")}</Link>
      </p>
      {demo ? <DemoPanel /> : null}
      <h2>{t("feed.title")}</h2>
      <Feed activity={activity} timeZone={timeZone} />
    </section>
  );
}
