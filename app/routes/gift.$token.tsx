import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getUser } from "~/auth/session.server";
import { useAutoRefresh } from "~/components/auto-refresh";
import { db } from "~/db/client.server";
import { giftLinkByToken } from "~/redemption/gift-links.server";
import { claimGift } from "~/redemption/gift-operations.server";
import { intent, pageAction } from "~/utils/operation.server";

// A gift link opened by the person it was sent to: who sends what, with their words, and a button
// to accept it (signing in or up first). Once accepted, the plot's progress and its certificate.

export const handle = { i18n: ["feed", "gifts", "projects", "redemption"] };

export const meta: MetaFunction = () => [{ title: "A gift for you · Sapling" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const [link, viewer] = await Promise.all([giftLinkByToken(params.token!), getUser(request)]);
  if (!link) throw new Response("Not found", { status: 404 });
  const mine = viewer !== null && link.claimedById === viewer.id;
  const redemption = mine && link.redemptionId ? await db().redemption.findUnique({ where: { id: link.redemptionId }, select: { status: true, certificateNumber: true } }) : null;
  return json({
    gift: {
      from: link.giver.displayName,
      quantity: link.quantity,
      message: link.message,
      project: { slug: link.project.slug, kind: link.project.kind, name: { zh: link.project.nameZh, en: link.project.nameEn }, county: { zh: link.project.countyZh, en: link.project.countyEn } },
      open: link.status === "OPEN" && link.expiresAt > new Date(),
    },
    signedIn: viewer !== null,
    own: viewer?.id === link.giverId,
    accepted: redemption,
  });
}

export const action = (args: ActionFunctionArgs) =>
  pageAction(args, {
    claim: intent(claimGift, { input: (_, params) => ({ token: params.token }), done: () => redirect(new URL(args.request.url).pathname) }),
  });

export default function GiftForYou() {
  const { t, i18n } = useTranslation();
  const { gift, signedIn, own, accepted } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const here = useLocation().pathname;
  const en = i18n.language === "en";
  useAutoRefresh(accepted?.status === "PENDING", 1000);
  const what = {
    name: gift.from,
    count: gift.quantity,
    unit: t(`feed.units.${gift.project.kind}`, { count: gift.quantity }),
    project: en ? gift.project.name.en : gift.project.name.zh,
  };
  return (
    <section className="stack gift-for-you" data-testid="gift-claim">
      <h1>{t("gifts.claimTitle")}</h1>
      <p data-testid="gift-from">{t("gifts.from", what)}</p>
      <p className="muted">{en ? gift.project.county.en : gift.project.county.zh}</p>
      {gift.message ? (
        <blockquote className="gift-message" data-testid="gift-claim-message">
          {gift.message}
        </blockquote>
      ) : null}
      {result && !result.ok ? (
        <p className="form-error" role="alert">
          {t(result.error, { ...result.params })}
        </p>
      ) : null}
      {accepted ? (
        <div className="notice" data-testid="gift-accepted" data-status={accepted.status}>
          <p>{accepted.status === "PENDING" ? <span className="spinner" /> : null} {t(`gifts.accepted.${accepted.status}`)}</p>
          {accepted.certificateNumber ? <Link to={`/certificates/${accepted.certificateNumber}`}>{t("gifts.seeCertificate")}</Link> : null}
        </div>
      ) : !gift.open ? (
        <p className="notice" data-testid="gift-closed">
          {t("gifts.closed")}
        </p>
      ) : own ? (
        <p className="notice">{t("gifts.refused.own_gift")}</p>
      ) : signedIn ? (
        <Form method="post">
          <button type="submit" name="intent" value="claim" disabled={busy}>
            {t("gifts.accept")}
          </button>
        </Form>
      ) : (
        <p className="row">
          <Link className="button" to={`/login?redirectTo=${encodeURIComponent(here)}`}>
            {t("gifts.logInToAccept")}
          </Link>
          <Link className="button secondary" to={`/signup?redirectTo=${encodeURIComponent(here)}`}>
            {t("gifts.signUpToAccept")}
          </Link>
        </p>
      )}
    </section>
  );
}
