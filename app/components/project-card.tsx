import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { BACKDROP, type Art } from "~/projects/species";
import { TreeArt } from "./tree-art";
import { useDateTime } from "./time";
import { numberFormat } from "~/utils/formats";

type CardProject = {
  id: string;
  slug: string;
  kind: "FOREST" | "PROTECTED_AREA";
  name: string;
  county: string;
  art: Art;
  unitCostGrams: number;
  capacity: number;
  remaining: number;
  state: "COMING" | "AVAILABLE" | "LIMITED" | "SOLD_OUT";
  opensAt: string;
  energyLack: boolean;
};

/** A project as a card: its species drawn in its place, what one unit costs, what is left, its state. */
export function ProjectCard({ project }: { project: CardProject }) {
  const { t, i18n } = useTranslation();
  const number = numberFormat(i18n.language);
  const formatTime = useDateTime("Asia/Shanghai");
  const dunes = BACKDROP[project.art] === "dunes";
  return (
    <li className="card project-card" data-testid="project-card" data-state={project.state}>
      <svg className="card-art" viewBox="0 0 200 110" aria-hidden="true" focusable="false">
        <rect width="200" height="110" fill={dunes ? "#fbf1d9" : "#e9f4e2"} />
        <path d={dunes ? "M0 86 C 50 70, 120 78, 200 72 L 200 110 L 0 110 Z" : "M0 84 L 40 62 L 80 80 L 130 58 L 200 82 L 200 110 L 0 110 Z"} fill={dunes ? "#e8cc95" : "#a9cf97"} />
        <TreeArt art={project.art} stage="ready" x={100} y={96} size={0.55} />
      </svg>
      <span className="muted">
        {t(`projects.kind.${project.kind}`)} · {project.county}
      </span>
      <h2 className="card-title">
        <Link to={`/projects/${project.slug}`}>{project.name}</Link>
      </h2>
      <span>{t("projects.cost", { grams: number.format(project.unitCostGrams), unit: t(`projects.unit.${project.kind}`) })}</span>
      <span className="muted">
        {t("projects.remaining", { count: number.format(project.remaining) as unknown as number, capacity: number.format(project.capacity) })}
      </span>
      <span>
        <span className={project.state === "SOLD_OUT" ? "badge bad" : project.state === "LIMITED" || project.state === "COMING" ? "badge warn" : "badge"}>
          {t(`projects.state.${project.state}`)}
        </span>{" "}
        {project.state === "COMING" ? <span className="muted">{t("projects.opensAt", { time: formatTime(project.opensAt) })}</span> : null}
        {project.energyLack && project.state !== "COMING" && project.state !== "SOLD_OUT" ? <span className="badge warn">{t("projects.energyLack")}</span> : null}
      </span>
    </li>
  );
}
