import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getUser } from "~/auth/session.server";
import { listShop } from "~/commerce/catalogue.server";
import { ProductCard } from "~/components/shop";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["area", "evidence", "shop"] };

export const meta: MetaFunction = () => [{ title: "Shop · Sapling" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const project = new URL(request.url).searchParams.get("project") ?? undefined;
  const [user, products] = await Promise.all([getUser(request), listShop(project)]);
  return json({ products, signedIn: user !== null, project: project ?? null });
}

export default function Shop() {
  const { t } = useTranslation();
  const { products, signedIn, project } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{t("shop.title")}</h1>
      <p className="muted">{t("shop.intro")}</p>
      {project ? (
        <p>
          <Link to="/shop">{t("shop.all")}</Link>
        </p>
      ) : null}
      {signedIn ? null : (
        <p className="notice">
          <Link to="/login?redirectTo=/shop">{t("nav.login")}</Link> {t("shop.loginToBuy")}
        </p>
      )}
      {products.length === 0 ? (
        <p className="notice">{t("shop.empty")}</p>
      ) : (
        <ul className="product-grid">
          {products.map((product) => (
            <ProductCard key={product.id} product={product} signedIn={signedIn} />
          ))}
        </ul>
      )}
    </section>
  );
}
