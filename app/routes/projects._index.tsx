import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getUser } from "~/auth/session.server";
import { balanceOf } from "~/energy/forest.server";
import { i18nServer } from "~/i18n/i18next.server";
import { ProjectCard } from "~/components/project-card";
import { listCatalogue } from "~/projects/catalogue.server";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["projects"] };

export const meta: MetaFunction = () => [{ title: "Projects · Sapling" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const [user, locale] = await Promise.all([getUser(request), i18nServer.getLocale(request)]);
  const balance = await balanceOf(user);
  return json({ projects: await listCatalogue(locale, balance) });
}

export default function Projects() {
  const { t } = useTranslation();
  const { projects } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{t("projects.title")}</h1>
      {projects.length === 0 ? <p className="notice">{t("projects.empty")}</p> : null}
      <ul className="cards">
        {projects.map((project) => (
          <ProjectCard key={project.id} project={project} />
        ))}
      </ul>
    </section>
  );
}
