import { useTranslation } from "react-i18next";

/**
 * The households who did a record's work (evidence, patrol, batch): their registration codes, as a
 * crew's list comes. Operators only; the public sees how many, never which.
 */
export function WorkersField({ errors }: { errors?: string[] }) {
  const { t } = useTranslation();
  return (
    <label>
      {t("work.workers")}
      <textarea name="workers" rows={2} spellCheck={false} autoCapitalize="characters" aria-invalid={errors?.length ? true : undefined} data-testid="workers" />
      {(errors ?? []).map((error) => (
        <p key={error} className="field-error" role="alert">
          {t(error)}
        </p>
      ))}
    </label>
  );
}
