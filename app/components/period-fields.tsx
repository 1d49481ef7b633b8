import { useTranslation } from "react-i18next";

type Project = { id: string; nameZh: string; nameEn: string };

/** A labelled project choice; with `allLabel`, an empty first option stands for every project. */
export function ProjectSelect({ projects, defaultValue, allLabel }: { projects: Project[]; defaultValue: string; allLabel?: string }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  return (
    <label>
      {t("payouts.project")}
      <select name="project" defaultValue={defaultValue}>
        {allLabel ? <option value="">{allLabel}</option> : null}
        {projects.map((p) => (
          <option key={p.id} value={p.id}>
            {en ? p.nameEn : p.nameZh}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The first and last day of a period, with what is wrong with either. */
export function PeriodFields({ defaults, problems = {} }: { defaults: { from: string; to: string }; problems?: Record<string, string> }) {
  const { t } = useTranslation();
  return (
    <>
      {(["from", "to"] as const).map((field) => (
        <label key={field}>
          {t(`payouts.${field}`)}
          <input type="date" name={field} defaultValue={defaults[field]} required aria-invalid={Boolean(problems[field])} />
          {problems[field] ? <span className="field-error">{t(problems[field]!)}</span> : null}
        </label>
      ))}
    </>
  );
}
