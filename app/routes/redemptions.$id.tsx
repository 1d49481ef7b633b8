import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useAutoRefresh } from "~/components/auto-refresh";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/auth/guards.server";
import { db } from "~/db/client.server";
import { getRedemption, redemptionView } from "~/redemption/redeem.server";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["projectForm", "redemption"] };

export const meta: MetaFunction = () => [{ title: "Redemption · Sapling" }];

const POLL_MS = 1_000;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const redemption = await getRedemption(params.id!, user);
  if (!redemption) throw new Response("Not found", { status: 404 });
  // A gift names its recipient, who is told once it is settled (app/notifications).
  const recipient = redemption.recipientId
    ? await db().user.findUnique({ where: { id: redemption.recipientId }, select: { displayName: true } })
    : null;
  return json({
    redemption: redemptionView(redemption),
    projectSlug: redemption.project.slug,
    gift: recipient ? { name: recipient.displayName, message: redemption.giftMessage } : null,
  });
}

export default function RedemptionPage() {
  const { t } = useTranslation();
  const { redemption, projectSlug, gift } = useLoaderData<typeof loader>();
  const pending = redemption.status === "PENDING";

  useAutoRefresh(pending, POLL_MS);

  return (
    <section data-testid="redemption" data-status={redemption.status}>
      <h1>{t("redemption.title")}</h1>
      <h2>
        {pending ? <span className="spinner" /> : null}{" "}
        <span data-testid="redemption-outcome">
          {gift ? t(`redemption.gift.${redemption.status}`, { name: gift.name }) : t(`redemption.${redemption.status}`)}
        </span>
      </h2>
      {gift?.message ? (
        <figure className="stack">
          <figcaption className="muted">{t("redemption.gift.message", { name: gift.name })}</figcaption>
          <blockquote className="gift-message" data-testid="gift-message-sent">
            {gift.message}
          </blockquote>
        </figure>
      ) : null}
      {pending ? <p className="muted">{t("redemption.pendingHint")}</p> : null}
      {redemption.reason ? (
        <p className="notice" data-testid="redemption-reason">
          {t(`redemption.reason.${redemption.reason}`, {
            defaultValue: redemption.reason,
            granted: redemption.grantedUnits,
            quantity: redemption.quantity,
            rest: redemption.quantity - (redemption.grantedUnits ?? 0),
          })}
        </p>
      ) : null}
      {redemption.certificateNumber ? (
        <div className="certificate">
          <p>
            {t("redemption.certificate")}:{" "}
            <Link to={`/certificates/${redemption.certificateNumber}`}>
              <code data-testid="certificate-number">{redemption.certificateNumber}</code>
            </Link>
          </p>
          <p>
            {t("redemption.plots")}:{" "}
            {redemption.plots?.map((plot) => (
              <code key={plot.code} data-testid="plot-code">
                {plot.code}{" "}
              </code>
            ))}
          </p>
        </div>
      ) : null}
      {pending ? null : (
        <p style={{ display: "flex", gap: "1rem" }}>
          <Link to="/plots">{t("redemption.toPlots")}</Link>
          <Link to={`/projects/${projectSlug}`}>{t("redemption.another")}</Link>
        </p>
      )}
    </section>
  );
}
