import { Form, useNavigation } from "@remix-run/react";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { TotpInput } from "./totp-input";

/**
 * A button that asks before an irreversible action, then posts its form; with `totp`, the question
 * also asks for a code from the operator's authenticator app.
 */
export function ConfirmButton({
  label,
  question,
  yes,
  fields,
  className,
  totp = false,
}: {
  label: string;
  question: string;
  yes: string;
  fields: Record<string, string>;
  className?: string;
  totp?: boolean;
}): ReactNode {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const busy = useNavigation().state !== "idle";
  if (!confirming) {
    return (
      <button type="button" className={className} onClick={() => setConfirming(true)}>
        {label}
      </button>
    );
  }
  return (
    <Form method="post" className="inline" onSubmit={() => setConfirming(false)}>
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <span>{question}</span>{" "}
      {totp ? <TotpInput /> : null}
      <button type="submit" disabled={busy} aria-busy={busy}>
        {yes}
      </button>{" "}
      <button type="button" className="secondary" onClick={() => setConfirming(false)}>
        {t("projects.back")}
      </button>
    </Form>
  );
}
