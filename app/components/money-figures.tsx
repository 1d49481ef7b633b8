import { useTranslation } from "react-i18next";
import { formatFen } from "~/utils/formats";

export type MoneyFiguresView = { revenueFen: string; householdsAllocatedFen: string; ecologyFen: string; paidOutFen: string; households: number };

export const figuresView = (f: { revenueFen: bigint; householdsAllocatedFen: bigint; ecologyFen: bigint; paidOutFen: bigint; households: number }): MoneyFiguresView => ({
  revenueFen: String(f.revenueFen),
  householdsAllocatedFen: String(f.householdsAllocatedFen),
  ecologyFen: String(f.ecologyFen),
  paidOutFen: String(f.paidOutFen),
  households: f.households,
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
    </ul>
  );
}
