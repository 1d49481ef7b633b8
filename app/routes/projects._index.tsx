import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getUser } from "~/auth/session.server";
import { balanceOf } from "~/energy/forest.server";
import { i18nServer } from "~/i18n/i18next.server";
import { listCatalogue } from "~/projects/catalogue.server";

export const meta: MetaFunction = () => [{ title: "Projects · Sapling" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const [user, locale] = await Promise.all([getUser(request), i18nServer.getLocale(request)]);
  const balance = await balanceOf(user);
  return json({ projects: await listCatalogue(locale, balance) });
}

export default function Projects() {
  const { t, i18n } = useTranslation();
  const { projects } = useLoaderData<typeof loader>();
  const number = new Intl.NumberFormat(i18n.language);
  return (
    <section>
      <h1>{t("projects.title")}</h1>
      {projects.length === 0 ? <p className="notice">{t("projects.empty")}</p> : null}
      <ul className="cards">
        {projects.map((project) => (
          <li key={project.id} className="card" data-testid="project-card">
            <span className="muted">
              {t(`projects.kind.${project.kind}`)} · {project.county}
            </span>
            <h2 style={{ margin: 0 }}>
              <Link to={`/projects/${project.slug}`}>{project.name}</Link>
            </h2>
            <span>{t("projects.cost", { grams: number.format(project.unitCostGrams), unit: t(`projects.unit.${project.kind}`) })}</span>
            <span className="muted">
              {t("projects.remaining", { count: number.format(project.remaining) as unknown as number, capacity: number.format(project.capacity) })}
            </span>
            <span>
              <span className={project.state === "SOLD_OUT" ? "badge bad" : project.state === "LIMITED" ? "badge warn" : "badge"}>
                {t(`projects.state.${project.state}`)}
              </span>{" "}
              {project.energyLack ? <span className="badge warn">{t("projects.energyLack")}</span> : null}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
