import { useTranslation } from "react-i18next";
import type { OrderTrail as Trail } from "~/commerce/order-trail.server";
import { formatFen } from "~/utils/formats";

/** Where an order's households' share went: the payout batches that carried it, and what still waits. Households counted, never named. */
export function OrderTrail({ trail }: { trail: Trail }) {
  const { t, i18n } = useTranslation();
  const money = (fen: string) => formatFen(fen, i18n.language);
  return (
    <section aria-labelledby="trail-title" data-testid="order-trail">
      <h2 id="trail-title">{t("shop.trail.title")}</h2>
      {!trail.posted ? (
        <p className="muted">{t("shop.trail.notPosted")}</p>
      ) : trail.households === 0 ? (
        <p className="muted">{t("shop.trail.none")}</p>
      ) : (
        <>
          <p>{t("shop.trail.share", { amount: money(trail.householdFen), count: trail.households })}</p>
          <ul>
            {trail.batches.map((batch) => (
              <li key={batch.id} data-testid="trail-batch">
                {t("shop.trail.batch", { from: batch.from, to: batch.to, amount: money(batch.fen), count: batch.households })}
                {batch.transfers.length ? (
                  <>
                    {" "}
                    {t("shop.trail.transfers", { count: batch.transfers.length })}{" "}
                    {batch.transfers.map((id) => (
                      <code key={id} className="hash">
                        {id}{" "}
                      </code>
                    ))}
                  </>
                ) : null}
                {batch.disbursed ? ` ${t("shop.trail.disbursed", { count: batch.disbursed })}` : null}
              </li>
            ))}
            {trail.waiting.households ? <li data-testid="trail-waiting">{t("shop.trail.waiting", { amount: money(trail.waiting.fen), count: trail.waiting.households })}</li> : null}
          </ul>
        </>
      )}
    </section>
  );
}
