import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PhotoThumbs } from "~/components/photo-thumbs";
import type { Counters as CounterValues, FeedItem } from "~/projects/area.server";
import { formatFen, numberFormat } from "~/utils/formats";

/** Redeemed, planted, verified and surviving at three years, each its own number: never merged into one. */
export function Counters({ counters, kind }: { counters: CounterValues; kind: "FOREST" | "PROTECTED_AREA" | null }) {
  const { t, i18n } = useTranslation();
  const number = numberFormat(i18n.language);
  const items = [
    ["energyRedeemed", `${number.format(counters.energyRedeemedGrams)} g`],
    ["plotsRedeemed", number.format(counters.plotsRedeemed)],
    ...(kind === "PROTECTED_AREA" ? [["areaRedeemed", `${number.format(counters.unitsRedeemed)} m²`]] : []),
    ["plotsPlanted", number.format(counters.plotsPlanted)],
    ["plotsVerified", number.format(counters.plotsVerified)],
    ["plotsSurvivingThreeYears", number.format(counters.plotsSurvivingThreeYears)],
  ] as const;
  return (
    <ul className="counters">
      {items.map(([key, value]) => (
        <li key={key} data-testid={`counter-${key}`}>
          <strong>{value}</strong> {t(`area.counters.${key}`)}
        </li>
      ))}
    </ul>
  );
}

/** The area's guardians who bought its products and what reached its households through them (fen as a string). */
export function GuardianBuyers({ guardians, fen }: { guardians: number; fen: string }) {
  const { t, i18n } = useTranslation();
  if (!guardians) return null;
  return (
    <p data-testid="guardian-buyers">
      {t("area.guardianBuyers", { count: guardians, formatted: numberFormat(i18n.language).format(guardians), amount: formatFen(fen, i18n.language) })}
    </p>
  );
}

/** The products of the land a certificate or plot page is about; from the holder's plot page the cart line records the plot. */
export function LandToTable({ products, fromPlot }: { products: Parameters<typeof ProductList>[0]["products"]; fromPlot?: string }) {
  const { t } = useTranslation();
  if (!products.length) return null;
  return (
    <section aria-labelledby="land-to-table" data-testid="land-to-table">
      <h2 id="land-to-table">{t("area.landToTable")}</h2>
      <p className="muted">{t(fromPlot ? "area.landToTableIntro" : "area.landToTablePublic")}</p>
      <ProductList products={products} fromPlot={fromPlot} />
    </section>
  );
}

/**
 * Money crosses JSON as a string of fen. `fromPlot`: listed on the buyer's own plot page, so the
 * product page's cart line records the plot.
 */
export function ProductList({ products, fromPlot }: { products: { id: string; slug: string; name: { zh: string; en: string }; unit: { zh: string; en: string }; priceFen: string }[]; fromPlot?: string }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  if (!products.length) return <p className="muted">{t("area.noProducts")}</p>;
  return (
    <ul data-testid="products">
      {products.map((product) => (
        <li key={product.id}>
          <Link to={fromPlot ? `/shop/${product.slug}?plot=${fromPlot}` : `/shop/${product.slug}`}>{en ? product.name.en : product.name.zh}</Link> · {formatFen(product.priceFen, i18n.language)} /{" "}
          {en ? product.unit.en : product.unit.zh}
        </li>
      ))}
    </ul>
  );
}

export function Feed({ items, olderHref }: { items: FeedItem[]; olderHref: string | null }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  if (!items.length) return <p className="muted">{t("area.noNews")}</p>;
  return (
    <>
      <ul className="feed" data-testid="feed">
        {items.map((item) => (
          <li key={`${item.type}-${item.id}`} data-testid={`feed-${item.type}`}>
            {item.type === "news" ? (
              <>
                <p className="muted">{item.at.slice(0, 10)}</p>
                <p>
                  <strong>{en ? item.title.en : item.title.zh}</strong>
                </p>
                <p>{en ? item.body.en : item.body.zh}</p>
              </>
            ) : item.type === "patrol" ? (
              <>
                <p className="muted">
                  {item.occurredOn} · {t("area.patrol")}
                </p>
                <p>{t("area.route", { route: item.route })}</p>
                <p>{item.observations}</p>
                <PhotoThumbs photos={item.photos} />
              </>
            ) : (
              <p>
                <span className="muted">{item.occurredOn}</span> ·{" "}
                {t(`area.evidence.${item.kind}`, {
                  target: item.stand !== null ? t("evidence.stand", { stand: item.stand }) : item.plotCode,
                  count: item.plotsMoved,
                  years: item.surveyYear ? t("evidence.survivalYear", { count: item.surveyYear }) : "",
                })}
              </p>
            )}
          </li>
        ))}
      </ul>
      {olderHref ? <Link to={olderHref}>{t("area.older")}</Link> : null}
    </>
  );
}
