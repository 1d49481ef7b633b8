import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/auth/guards.server";
import { ConfirmButton } from "~/components/confirm-button";
import { ShareLink } from "~/components/share-link";
import { useDateTime } from "~/components/time";
import { giftLinkForGiver } from "~/redemption/gift-links.server";
import { cancelGift } from "~/redemption/gift-operations.server";
import { publicOrigin } from "~/utils/download.server";
import { numberFormat } from "~/utils/formats";
import { intent, pageAction } from "~/utils/operation.server";
import { qrImage } from "~/utils/qr.server";

// A gift link as its giver sees it: the link to send (copy, share sheet, QR code) while nobody has
// accepted it, who did once someone has, and taking it back.

export const handle = { i18n: ["feed", "gifts", "projects", "redemption", "share", "stepUp"] };

export const meta: MetaFunction = () => [{ title: "Gift link · Sapling" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const link = await giftLinkForGiver(params.id!, user.id);
  if (!link) throw new Response("Not found", { status: 404 });
  const url = `${publicOrigin(request)}/gift/${link.token}`;
  const open = link.status === "OPEN";
  return json({
    gift: {
      id: link.id,
      status: link.status,
      quantity: link.quantity,
      costGrams: link.costGrams,
      message: link.message,
      expiresAt: link.expiresAt.toISOString(),
      project: { slug: link.project.slug, kind: link.project.kind, name: { zh: link.project.nameZh, en: link.project.nameEn } },
      claimedBy: link.claimedBy?.displayName ?? null,
      redemptionId: link.redemptionId,
    },
    // The secret link only while it can still be used.
    url: open ? url : null,
    qr: open ? await qrImage(url) : null,
  });
}

export const action = (args: ActionFunctionArgs) =>
  pageAction(args, {
    cancel: intent(cancelGift, { input: (_, params) => ({ giftId: params.id }), done: (result) => ({ message: "gifts.cancelled", params: { grams: result.grams } }) }),
  });

export default function GiftLinkPage() {
  const { t, i18n } = useTranslation();
  const { gift, url, qr } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const formatTime = useDateTime("Asia/Shanghai");
  const grams = numberFormat(i18n.language).format(gift.costGrams);
  const project = i18n.language === "en" ? gift.project.name.en : gift.project.name.zh;
  return (
    <section className="stack" data-testid="gift-link" data-status={gift.status}>
      <h1>{t("gifts.title")}</h1>
      <p>{t("gifts.what", { count: gift.quantity, unit: t(`feed.units.${gift.project.kind}`, { count: gift.quantity }), project })}</p>
      {gift.message ? <blockquote className="gift-message">{gift.message}</blockquote> : null}
      {result ? (
        <p role="status" className={result.ok ? "notice" : "form-error"} data-testid="gift-result">
          {result.ok ? t(result.message, { ...result.params }) : t(result.error, { ...result.params })}
        </p>
      ) : null}
      <p className="badge" data-testid="gift-status">
        {t(`gifts.status.${gift.status}`, { name: gift.claimedBy ?? "" })}
      </p>
      {url ? (
        <>
          <p>{t("gifts.explain", { grams, until: formatTime(gift.expiresAt) })}</p>
          <ShareLink link={url} label={t("gifts.linkLabel")} title={t("gifts.shareTitle")} qr={qr ?? undefined} />
          <ConfirmButton
            className="secondary"
            label={t("gifts.cancel")}
            question={t("gifts.cancelConfirm", { grams })}
            yes={t("gifts.cancelYes")}
            fields={{ intent: "cancel" }}
          />
        </>
      ) : null}
      <p>
        <Link to={`/projects/${gift.project.slug}`}>← {project}</Link>
      </p>
    </section>
  );
}
