import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useOptionalUser } from "~/root";

export const meta: MetaFunction = () => [{ title: "Sapling · 树苗" }];

export default function Home() {
  const { t } = useTranslation();
  const user = useOptionalUser();
  return (
    <section>
      <h1>{t("home.title")}</h1>
      <p>{t("home.body")}</p>
      <p style={{ display: "flex", gap: "1rem" }}>
        <Link className="button" to={user ? "/forest" : "/signup"}>
          {t("home.start")}
        </Link>
        <Link className="button secondary" to="/projects">
          {t("home.browse")}
        </Link>
      </p>
    </section>
  );
}
