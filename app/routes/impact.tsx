import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Counters } from "~/components/area";
import { reader } from "~/db/client.server";
import { countersByProject, emptyCounters, totalCounters } from "~/projects/area.server";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["area", "evidence"] };

export const meta: MetaFunction = () => [{ title: "Impact · Sapling" }];

// Public: what was redeemed, planted, verified and is standing at three years, overall and per project.
export async function loader(_: LoaderFunctionArgs) {
  const [projects, counters] = await Promise.all([
    reader().project.findMany({ orderBy: { createdAt: "asc" }, select: { id: true, slug: true, kind: true, nameZh: true, nameEn: true } }),
    countersByProject(),
  ]);
  return json({
    total: totalCounters(counters.values()),
    projects: projects.map((p) => ({ ...p, counters: counters.get(p.id) ?? emptyCounters() })),
  });
}

export default function Impact() {
  const { t, i18n } = useTranslation();
  const { total, projects } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{t("area.impactTitle")}</h1>
      <p className="muted">{t("area.impactBody")}</p>
      <div data-testid="impact-total">
        <Counters counters={total} kind={null} />
      </div>
      {projects.map((project) => (
        <section key={project.id} data-testid="impact-project">
          <h2>
            <Link to={`/projects/${project.slug}`}>{i18n.language === "en" ? project.nameEn : project.nameZh}</Link>
          </h2>
          <Counters counters={project.counters} kind={project.kind} />
        </section>
      ))}
    </section>
  );
}
