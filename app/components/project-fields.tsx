import { getInputProps, getSelectProps, type FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { PageReply } from "~/utils/page-reply";
import { TREE_ARTS } from "~/projects/species";
import { numberFormat } from "~/utils/formats";

function Labelled({ label, meta, children }: { label: string; meta: FieldMetadata<unknown>; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <label>
      {label}
      {children}
      {meta.errors?.map((error) => (
        <p key={error} id={meta.errorId} className="field-error" role="alert">
          {t(error)}
        </p>
      ))}
    </label>
  );
}

export function TextField({ name, meta, type = "text", ...rest }: { name: string; meta: FieldMetadata<string | number | undefined>; type?: "text" | "number" | "datetime-local" } & React.InputHTMLAttributes<HTMLInputElement>) {
  const { t } = useTranslation();
  return (
    <Labelled label={t(`projectForm.${name}`)} meta={meta as FieldMetadata<unknown>}>
      <input {...getInputProps(meta, { type })} {...rest} />
    </Labelled>
  );
}

export function KindField({ meta }: { meta: FieldMetadata<string> }) {
  const { t } = useTranslation();
  return (
    <Labelled label={t("projectForm.kind")} meta={meta as FieldMetadata<unknown>}>
      <select {...getSelectProps(meta)}>
        <option value="FOREST">{t("projects.kind.FOREST")}</option>
        <option value="PROTECTED_AREA">{t("projects.kind.PROTECTED_AREA")}</option>
      </select>
    </Labelled>
  );
}

/** `validate` is the form's: a file is checked as soon as it is chosen, so one over the limit is never sent. */
export function BoundaryField({ meta, validate, label }: { meta: FieldMetadata<File | undefined>; validate: (field: { name: string }) => void; label: string }) {
  return (
    <Labelled label={label} meta={meta as FieldMetadata<unknown>}>
      <input
        {...getInputProps(meta, { type: "file" })}
        accept=".geojson,.json,application/geo+json,application/json"
        data-testid="boundary-file"
        onChange={() => validate({ name: meta.name })}
      />
    </Labelled>
  );
}

/**
 * What a project form's action refused: the list of boundary, layout and capacity problems, or
 * one message (a file over the limit, an unknown project). Field problems are shown by the fields.
 */
export function Refusal({ reply }: { reply: PageReply | undefined }) {
  const { t } = useTranslation();
  if (!reply || reply.ok || reply.fieldErrors) return null;
  if (Array.isArray(reply.details)) return <ProblemList problems={reply.details as { code: string; params?: Record<string, string | number> }[]} />;
  return (
    <p className="form-error" role="alert" data-testid="project-problems">
      {t(reply.error, reply.params)}
    </p>
  );
}

/** Boundary, layout and capacity problems, each with where it is. */
export function ProblemList({
  problems,
  messages = "projectForm.problems",
  title = "projectForm.problemsTitle",
}: {
  problems: { code: string; params?: Record<string, string | number> }[] | undefined;
  messages?: string;
  title?: string;
}) {
  const { t, i18n } = useTranslation();
  if (!problems?.length) return null;
  const number = numberFormat(i18n.language);
  // Counts read better grouped (102,400); coordinates arrive as strings and stay as they are.
  const formatted = (params: Record<string, string | number>) =>
    Object.fromEntries(Object.entries(params).map(([key, value]) => [key, typeof value === "number" ? number.format(value) : value]));
  return (
    <div className="problems" role="alert" data-testid="project-problems">
      <p>{t(title)}</p>
      <ul>
        {problems.map((problem, i) => (
          <li key={i}>{t(`${messages}.${problem.code}`, problem.params ? formatted(problem.params) : {})}</li>
        ))}
      </ul>
    </div>
  );
}

const COMMON_FIELDS = [
  ["nameZh", "text"],
  ["nameEn", "text"],
  ["countyZh", "text"],
  ["countyEn", "text"],
  ["species", "text"],
  ["unitCostGrams", "number"],
  ["capacity", "number"],
  ["opensAt", "datetime-local"],
] as const;

/** The fields a project has whether it is being created or edited. */
export function ProjectCommonFields({
  fields,
}: {
  fields: Record<(typeof COMMON_FIELDS)[number][0], FieldMetadata<string | number | undefined>> & { art: FieldMetadata<string | undefined> };
}) {
  const { t } = useTranslation();
  return (
    <>
      {COMMON_FIELDS.map(([name, type]) => (
        <TextField key={name} name={name} meta={fields[name]} type={type} {...(type === "number" ? { min: 1, step: 1 } : {})} />
      ))}
      <Labelled label={t("projectForm.art")} meta={fields.art as FieldMetadata<unknown>}>
        <select {...getSelectProps(fields.art)}>
          {TREE_ARTS.map((art) => (
            <option key={art} value={art}>
              {t(`species.${art}`)}
            </option>
          ))}
        </select>
      </Labelled>
    </>
  );
}
