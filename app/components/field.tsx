import { getInputProps, type FieldMetadata } from "@conform-to/react";
import { useTranslation } from "react-i18next";

/** A labelled input whose zod error messages are i18n keys. */
export function Field({
  label,
  meta,
  type,
  autoComplete,
}: {
  label: string;
  meta: FieldMetadata<string>;
  type: "text" | "email" | "password";
  autoComplete?: string;
}) {
  const { t } = useTranslation();
  return (
    <label>
      {label}
      <input {...getInputProps(meta, { type })} autoComplete={autoComplete} />
      {meta.errors?.map((error) => (
        <p key={error} id={meta.errorId} className="field-error" role="alert">
          {t(error)}
        </p>
      ))}
    </label>
  );
}

export function FormErrors({ errors }: { errors: string[] | undefined }) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    <div className="form-error" role="alert">
      {errors.map((error) => (
        <p key={error}>{t(error)}</p>
      ))}
    </div>
  );
}

/** "Too many tries": how long to wait, in the reader's language (the server said it in seconds). */
export function TooManyTries({ seconds }: { seconds: number | undefined }) {
  const { t, i18n } = useTranslation();
  if (!seconds) return null;
  // Most of a minute reads better as a minute (the server's count starts the moment it locked).
  const minutes = seconds > 45;
  const wait = new Intl.NumberFormat(i18n.language, { style: "unit", unit: minutes ? "minute" : "second", unitDisplay: "long" }).format(
    minutes ? Math.ceil(seconds / 60) : seconds,
  );
  return (
    <div className="form-error" role="alert" data-testid="too-many-tries">
      <p>{t("errors.rateLimited", { wait })}</p>
    </div>
  );
}

export function SubmitButton({ busy, label }: { busy: boolean; label: string }) {
  const { t } = useTranslation();
  return (
    <button type="submit" disabled={busy} aria-busy={busy}>
      {busy ? (
        <>
          <span className="spinner" /> {t("auth.working")}
        </>
      ) : (
        label
      )}
    </button>
  );
}
