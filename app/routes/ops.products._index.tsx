import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOperator } from "~/auth/guards.server";
import { listProductsForOps } from "~/commerce/products.server";
import { formatFen } from "~/utils/formats";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["area", "evidence", "productForm", "shop"] };

export const meta: MetaFunction = () => [{ title: "Products · Operations · Sapling" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOperator(request);
  const products = await listProductsForOps();
  return json({
    products: products.map((p) => ({ id: p.id, name: { zh: p.nameZh, en: p.nameEn }, project: { zh: p.project.nameZh, en: p.project.nameEn }, priceFen: p.priceFen.toString(), stock: p.stock })),
  });
}

export default function OpsProducts() {
  const { t, i18n } = useTranslation();
  const { products } = useLoaderData<typeof loader>();
  const en = i18n.language === "en";
  return (
    <section>
      <h1>{t("productForm.title")}</h1>
      <p>
        <Link className="button" to="/ops/products/new">
          {t("productForm.create")}
        </Link>
      </p>
      {products.length === 0 ? (
        <p className="notice">{t("shop.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <tbody>
              {products.map((p) => (
                <tr key={p.id} data-testid="ops-product-row">
                  <td>
                    <Link to={`/ops/products/${p.id}`}>{en ? p.name.en : p.name.zh}</Link>
                  </td>
                  <td>{en ? p.project.en : p.project.zh}</td>
                  <td>{formatFen(p.priceFen, i18n.language)}</td>
                  <td>{t("shop.availability.ON_SALE", { count: p.stock })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
