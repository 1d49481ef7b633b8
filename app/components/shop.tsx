import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { ShopProduct } from "~/commerce/catalogue.server";
import { formatFen } from "~/utils/formats";

/** Where a unit's money goes: cost to the cooperative, then the surplus by the product's rule. */
export function MoneySplit({ money }: { money: { costFen: string; householdFen: string; ecologyFen: string; platformFen: string } }) {
  const { t, i18n } = useTranslation();
  const rows = [
    ["cost", money.costFen],
    ["households", money.householdFen],
    ["ecology", money.ecologyFen],
    ["platform", money.platformFen],
  ] as const;
  return (
    <dl className="money-split" data-testid="money-split">
      {rows.map(([key, fen]) => (
        <div key={key}>
          <dt>{t(`shop.split.${key}`)}</dt>
          <dd data-testid={`split-${key}`}>{formatFen(fen, i18n.language)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** `plotCode`: opened from the buyer's own plot page, so the line records it (land to table). */
export function ProductCard({ product, signedIn, plotCode }: { product: ShopProduct; signedIn: boolean; plotCode?: string | null }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  return (
    <li className="product-card" data-testid="product">
      {product.imagePath ? <img src={product.imagePath} alt="" width={120} height={90} /> : null}
      <h3>
        <Link to={`/shop/${product.slug}`}>{en ? product.name.en : product.name.zh}</Link>
      </h3>
      <p>
        {formatFen(product.priceFen, i18n.language)} / {en ? product.unit.en : product.unit.zh}
      </p>
      <p className="muted" data-testid="availability">
        {t(`shop.availability.${product.availability}`, { count: product.stock })}
      </p>
      {product.availability === "ON_SALE" && signedIn ? (
        <Form method="post" action="/cart" className="row">
          <input type="hidden" name="intent" value="add" />
          <input type="hidden" name="productId" value={product.id} />
          {plotCode ? <input type="hidden" name="plotCode" value={plotCode} /> : null}
          <label className="inline">
            {t("shop.quantity")} <input name="quantity" type="number" min={1} max={20} defaultValue={1} />
          </label>
          <button type="submit">{t("shop.addToCart")}</button>
        </Form>
      ) : null}
    </li>
  );
}
