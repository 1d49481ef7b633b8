import { useTranslation } from "react-i18next";
import { formatFen, numberFormat } from "~/utils/formats";

import type { MoneyFigures as Figures } from "~/payouts/transparency.server";

export type MoneyFiguresView = ReturnType<typeof figuresView>;

export const figuresView = (f: Figures) => ({
  revenueFen: String(f.revenueFen),
  householdsAllocatedFen: String(f.householdsAllocatedFen),
  ecologyFen: String(f.ecologyFen),
  paidOutFen: String(f.paidOutFen),
  households: f.households,
  paidPayouts: f.paidPayouts,
  confirmedPayouts: f.confirmedPayouts,
});

/** The public money figures of a project, a county or everything. */
export function MoneyFigures({ figures }: { figures: MoneyFiguresView }) {
  const { t, i18n } = useTranslation();
  const money = (fen: string) => formatFen(fen, i18n.language);
  return (
    <ul className="counters" data-testid="money-figures">
      <li>
        <strong>{money(figures.revenueFen)}</strong> {t("transparency.revenue")}
      </li>
      <li>
        <strong>{money(figures.householdsAllocatedFen)}</strong> {t("transparency.allocated")}
      </li>
      <li>
        <strong>{money(figures.paidOutFen)}</strong> {t("transparency.paidOut")}
      </li>
      <li>
        <strong>{figures.households}</strong> {t("transparency.households")}
      </li>
      <li>
        <strong>{money(figures.ecologyFen)}</strong> {t("transparency.ecology")}
      </li>
      {figures.paidPayouts > 0 ? (
        <li data-testid="confirmed-share">
          {/* Rounded down: "100%" only when every one is confirmed. */}
          <strong>{numberFormat(i18n.language, { style: "percent" }).format(Math.floor((figures.confirmedPayouts * 100) / figures.paidPayouts) / 100)}</strong>{" "}
          {t("transparency.confirmed", { confirmed: figures.confirmedPayouts, paid: figures.paidPayouts })}
        </li>
      ) : null}
    </ul>
  );
}
