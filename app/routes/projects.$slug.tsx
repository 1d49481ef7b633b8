import { numberFormat } from "~/utils/formats";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from "@remix-run/node";
import { intent, pageAction } from "~/utils/operation.server";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { randomUUID } from "node:crypto";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { getUser } from "~/auth/session.server";
import { db } from "~/db/client.server";
import { balanceOf } from "~/energy/forest.server";
import { i18nServer } from "~/i18n/i18next.server";
import { findProject, toCatalogueEntry } from "~/projects/catalogue.server";
import { projectMaps } from "~/projects/layouts.server";
import { countersByProject, guardianCount, projectFeed, totalCounters } from "~/projects/area.server";
import { guardianBuyers, productsOfProject } from "~/projects/land-to-table.server";
import { householdsAtWork } from "~/payouts/household-work.server";
import { Counters, Feed, GuardianBuyers, ProductList } from "~/components/area";
import { HouseholdsAtWork } from "~/components/at-work";
import { LiveMap, mapLinks } from "~/components/live-map";
import { ProjectMap } from "~/components/project-map";
import { useDateTime } from "~/components/time";
import { redeem } from "~/redemption/operations.server";
import { giftByLink } from "~/redemption/gift-operations.server";
import { GIFT_MESSAGE_MAX, MAX_QUANTITY } from "~/redemption/quantity";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["area", "evidence", "friends", "gifts", "map", "projectForm", "projects", "reconciliation", "redemption", "teams", "work"] };

export const links = mapLinks;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.project.name ?? ""} · Sapling` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const project = await findProject(params.slug!);
  if (!project) throw new Response("Not found", { status: 404 });
  const [user, locale] = await Promise.all([getUser(request), i18nServer.getLocale(request)]);
  const balance = await balanceOf(user);
  const friends = user
    ? (await db().friendship.findMany({ where: { userId: user.id }, select: { friend: { select: { id: true, displayName: true } } }, take: 500 })).map((f) => f.friend)
    : [];
  const before = new URL(request.url).searchParams.get("before");
  const [maps, counters, guardians, products, atWork, buyers, feed] = await Promise.all([
    projectMaps(project.id),
    countersByProject(project.id),
    guardianCount(project.id),
    productsOfProject(project.id),
    householdsAtWork(project.id, project.timeZone),
    guardianBuyers(project.id),
    projectFeed(project.id, before && !Number.isNaN(Date.parse(before)) ? new Date(before) : null),
  ]);
  return json({
    project: toCatalogueEntry(project, locale, balance),
    balance,
    friends,
    // A fresh key per form render: a double-submitted form is still one redemption.
    idempotencyKey: randomUUID(),
    maps,
    area: {
      counters: totalCounters(counters.values()),
      guardians,
      products,
      atWork,
      buyers: { guardians: buyers.guardians, fen: buyers.fen.toString() },
      feed,
    },
  });
}

export const action = (args: ActionFunctionArgs) =>
  pageAction(args, {
    redeem: intent(redeem, {
      input: (fields, params) => ({ ...fields, projectId: params.slug, giftToUserId: fields.giftToUserId || undefined }),
      done: (redemption) => redirect(`/redemptions/${redemption.id}`),
    }),
    // A gift for someone not a friend yet: a link to send them (app/redemption/gift-links.server.ts).
    giftLink: intent(giftByLink, {
      input: (fields, params) => ({ ...fields, projectId: params.slug }),
      done: (link) => redirect(`/gifts/${link.id}`),
    }),
  });

/** The recipient choice that makes a gift link instead of a redemption for a friend. */
const BY_LINK = "@link";

export default function ProjectPage() {
  const { t, i18n } = useTranslation();
  const { project, balance, friends, idempotencyKey, maps, area } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  // The number as typed: never rewritten, checked when the user asks to review.
  const [quantityText, setQuantityText] = useState("1");
  const [quantityProblem, setQuantityProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [recipient, setRecipient] = useState("");
  const [giftMessage, setGiftMessage] = useState("");
  const byLink = recipient === BY_LINK;
  const recipientName = byLink ? t("projects.byLink") : friends.find((f) => f.id === recipient)?.displayName;
  const number = numberFormat(i18n.language);
  const unit = t(`projects.unit.${project.kind}`);
  const max = MAX_QUANTITY[project.kind];
  const open = project.state === "AVAILABLE" || project.state === "LIMITED";
  const quantity = /^\s*\d{1,12}\s*$/.test(quantityText) ? Number(quantityText) : NaN;
  const cost = project.unitCostGrams * (Number.isInteger(quantity) ? quantity : 0);
  // The most this user can take now: the per-request cap, their energy, what is left.
  const affordable = balance === null ? max : Math.min(max, Math.floor(balance / project.unitCostGrams), project.remaining);
  const review = () => {
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > max) return setQuantityProblem(t("projects.quantityRange", { max }));
    if (quantity > affordable) return setQuantityProblem(t("projects.tooMany", { count: affordable, unit: t(`projects.units.${project.kind}`, { count: affordable }) }));
    setQuantityProblem(null);
    setConfirming(true);
  };
  const formatTime = useDateTime("Asia/Shanghai");

  return (
    <section>
      <p className="muted">
        {t(`projects.kind.${project.kind}`)} · {project.county}
      </p>
      <h1>{project.name}</h1>
      <p>{t("projects.cost", { grams: number.format(project.unitCostGrams), unit })}</p>
      <p>
        <span className="badge" data-testid="project-state" data-state={project.state}>
          {t(`projects.state.${project.state}`)}
        </span>{" "}
        {project.state === "COMING" ? (
          <span className="muted" data-testid="opens-at">
            {t("projects.opensAt", { time: formatTime(project.opensAt) })}{" "}
          </span>
        ) : null}
        <span className="muted">
          {t("projects.remaining", { count: number.format(project.remaining) as unknown as number, capacity: number.format(project.capacity) })}
        </span>
      </p>
      {balance === null ? null : <p data-testid="balance">{t("projects.yourBalance", { grams: number.format(balance) })}</p>}
      {balance === null || !open ? null : (
        <p>
          <Link to={`/teams?project=${project.slug}`}>{t("teams.create")}</Link>
        </p>
      )}
      {actionData && !actionData.ok ? (
        <p className="form-error" role="alert">
          {t(actionData.error, { max, ...actionData.params })}
        </p>
      ) : null}
      {balance !== null && open && project.energyLack ? (
        <p className="notice" data-testid="energy-lack">
          {t("projects.energyMissing", { grams: number.format(project.unitCostGrams - balance), unit })}
        </p>
      ) : null}
      {!open ? null : confirming ? (
        <Form method="post" className="notice" replace id="redeem">
          <h2>{t("projects.confirmTitle")}</h2>
          <p>{t("projects.confirmBody", { grams: number.format(cost), quantity, unit: t(`projects.units.${project.kind}`, { count: quantity }), project: project.name })}</p>
          {recipientName ? <p data-testid="gift-to">{t("projects.giftTo")}: {recipientName}</p> : null}
          {recipientName && giftMessage.trim() ? (
            <blockquote className="gift-message" data-testid="gift-message-review">
              {giftMessage.trim()}
            </blockquote>
          ) : null}
          <input type="hidden" name="intent" value={byLink ? "giftLink" : "redeem"} />
          <input type="hidden" name="quantity" value={quantity} />
          {byLink ? null : <input type="hidden" name="giftToUserId" value={recipient} />}
          {recipient ? <input type="hidden" name="giftMessage" value={giftMessage.trim()} /> : null}
          <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
          <p style={{ display: "flex", gap: "1rem" }}>
            <button type="submit" disabled={busy} aria-busy={busy}>
              {busy ? <span className="spinner" /> : null} {t("projects.confirm")}
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)} disabled={busy}>
              {t("projects.back")}
            </button>
          </p>
        </Form>
      ) : (
        <form
          className="stack"
          id="redeem"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            review();
          }}
        >
          <label>
            {t("projects.quantity", { unit })}
            <input
              type="text"
              inputMode="numeric"
              name="quantity"
              autoComplete="off"
              maxLength={12}
              value={quantityText}
              aria-invalid={quantityProblem ? true : undefined}
              aria-describedby="quantity-hint"
              onChange={(event) => {
                setQuantityText(event.target.value);
                setQuantityProblem(null);
              }}
            />
            {balance !== null && !project.energyLack ? (
              <span className="muted" id="quantity-hint" data-testid="can-afford">
                {t("projects.canAfford", { count: affordable, unit: t(`projects.units.${project.kind}`, { count: affordable }), max })}
              </span>
            ) : null}
            {quantityProblem ? (
              <span className="field-error" role="alert" data-testid="quantity-error">
                {quantityProblem}
              </span>
            ) : null}
          </label>
          {balance === null ? null : (
            <label>
              {t("projects.giftTo")}
              <select name="giftToUserId" value={recipient} onChange={(event) => setRecipient(event.target.value)}>
                <option value="">{t("projects.myself")}</option>
                {friends.map((friend) => (
                  <option key={friend.id} value={friend.id}>
                    {friend.displayName}
                  </option>
                ))}
                <option value={BY_LINK}>{t("projects.byLink")}</option>
              </select>
            </label>
          )}
          {recipient ? (
            <label>
              {t("projects.giftMessage")}
              <textarea
                name="giftMessage"
                rows={2}
                maxLength={GIFT_MESSAGE_MAX}
                value={giftMessage}
                placeholder={t("projects.giftMessagePlaceholder")}
                onChange={(event) => setGiftMessage(event.target.value)}
                data-testid="gift-message"
              />
            </label>
          ) : null}
          <button type="submit" disabled={project.energyLack}>
            {project.energyLack ? t("projects.energyLack") : t("projects.review")}
          </button>
        </form>
      )}
      <h2>{t("area.impact")}</h2>
      <p data-testid="guardians">{t("area.guardians", { count: area.guardians, formatted: number.format(area.guardians) })}</p>
      <Counters counters={area.counters} kind={project.kind} />
      <HouseholdsAtWork {...area.atWork} />
      <p>
        <Link to={`/transparency/projects/${project.slug}#fund`}>{t("area.whereMoneyGoes")}</Link>
      </p>
      {maps.length ? (
        <>
          <h2>{t("map.title")}</h2>
          <LiveMap
            label={t("map.label", { project: project.name })}
            land={`/projects/${project.slug}/map.geojson`}
            fallback={maps.map((drawing, i) => (
              <div key={i}>
                <h3>{t("map.section", { number: i + 1, units: number.format(drawing.units) })}</h3>
                <ProjectMap drawing={drawing} label={t("map.sectionLabel", { project: project.name, number: i + 1 })} />
              </div>
            ))}
          />
        </>
      ) : null}
      <h2>{t("area.products")}</h2>
      <ProductList products={area.products} />
      <GuardianBuyers {...area.buyers} />
      {area.products.length ? (
        <p>
          <Link to={`/shop?project=${project.slug}`}>{t("area.toShop")}</Link>
        </p>
      ) : null}
      <h2>{t("area.news")}</h2>
      <Feed items={area.feed.items} olderHref={area.feed.nextBefore ? `?before=${encodeURIComponent(area.feed.nextBefore)}` : null} />
    </section>
  );
}
