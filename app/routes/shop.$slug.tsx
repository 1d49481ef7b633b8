import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getUser } from "~/auth/session.server";
import { findShopProduct } from "~/commerce/catalogue.server";
import { MoneySplit, ProductCard } from "~/components/shop";
import { PLOT_CODE } from "~/redemption/plot-codes";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["area", "evidence", "shop"] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.product.name.en ?? ""} · Sapling` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const [user, product] = await Promise.all([getUser(request), findShopProduct(params.slug!)]);
  if (!product) throw new Response("Not found", { status: 404 });
  // Opened from the buyer's plot page: the cart line records the plot (checked to be theirs when added).
  const plot = new URL(request.url).searchParams.get("plot")?.toUpperCase() ?? "";
  return json({ product, signedIn: user !== null, plotCode: user && PLOT_CODE.test(plot) ? plot : null });
}

export default function ProductPage() {
  const { t, i18n } = useTranslation();
  const { product, signedIn, plotCode } = useLoaderData<typeof loader>();
  const en = i18n.language === "en";
  return (
    <section>
      <p className="muted">
        <Link to={`/projects/${product.project.slug}`}>{en ? product.project.name.en : product.project.name.zh}</Link>
        {product.cooperative ? ` · ${en ? product.cooperative.en : product.cooperative.zh}` : ""}
      </p>
      <ul className="product-grid single">
        <ProductCard product={product} signedIn={signedIn} plotCode={plotCode} />
      </ul>
      {plotCode ? (
        <p className="notice" data-testid="from-plot">
          {t("shop.fromYourPlot", { code: plotCode })}
        </p>
      ) : null}
      <p>{en ? product.description.en : product.description.zh}</p>
      <h2>{t("shop.whereMoneyGoes")}</h2>
      <MoneySplit money={product.money} />
    </section>
  );
}
