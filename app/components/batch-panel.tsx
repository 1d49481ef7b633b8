import { Form, Link, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { dayText } from "~/payouts/china-days";
import { ProblemList } from "./project-fields";
import { WorkersField } from "./workers-field";
import { fieldProblems, type PageReply } from "~/utils/page-reply";

type Batch = { id: string; traceCode: string; stand: number | null; section: number | null; harvestFrom: string; harvestTo: string; quantity: number; assigned: number };

/** A product's batches on its operators' page: each with its trace code and how much of it was shipped, and the form for a new one. */
export function BatchPanel({ batches, kind, reply }: { batches: Batch[]; kind: "FOREST" | "PROTECTED_AREA"; reply?: PageReply }) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const problems = fieldProblems(reply);
  const place = kind === "FOREST" ? "stand" : "section";
  const today = dayText(new Date());
  const input = (name: string, type: "date" | "number", extra: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <label>
      {t(`trace.form.${name}`)}
      <input name={name} type={type} aria-invalid={problems[name] ? true : undefined} {...extra} />
      {problems[name] ? (
        <p className="field-error" role="alert">
          {t(problems[name]!)}
        </p>
      ) : null}
    </label>
  );
  return (
    <section aria-labelledby="batches-title" data-testid="batches">
      <h2 id="batches-title">{t("trace.form.title")}</h2>
      <p className="muted">{t("trace.form.intro")}</p>
      {reply?.ok ? (
        <p className="notice" role="status" data-testid="batch-recorded">
          {t(reply.message, reply.params)}
        </p>
      ) : reply?.details ? (
        <ProblemList problems={reply.details as { code: string; params?: Record<string, string | number> }[]} messages="evidenceForm.problems" title="trace.refused.problems" />
      ) : reply && !reply.fieldErrors ? (
        <p className="field-error" role="alert">
          {t(reply.error, reply.params)}
        </p>
      ) : null}
      {batches.length ? (
        <ul data-testid="batch-list">
          {batches.map((b) => (
            <li key={b.id}>
              <Link to={`/trace/${b.traceCode}`}>
                <code>{b.traceCode}</code>
              </Link>{" "}
              · {b.harvestFrom === b.harvestTo ? b.harvestFrom : `${b.harvestFrom} – ${b.harvestTo}`}
              {b.stand ? ` · ${t("trace.stand", { stand: b.stand })}` : b.section ? ` · ${t("trace.section", { section: b.section })}` : ""} · {t("trace.form.shipped", { shipped: b.assigned, quantity: b.quantity })}
            </li>
          ))}
        </ul>
      ) : (
        <p className="notice">{t("trace.form.none")}</p>
      )}
      <Form method="post" encType="multipart/form-data" className="stack" noValidate>
        <input type="hidden" name="intent" value="batch" />
        {input("harvestFrom", "date", { max: today, required: true })}
        {input("harvestTo", "date", { max: today, required: true })}
        {input("quantity", "number", { min: 1, step: 1, required: true })}
        {input(place, "number", { min: 1, step: 1 })}
        <WorkersField errors={reply && !reply.ok ? reply.fieldErrors?.workers : undefined} />
        <label>
          {t("trace.form.photos")}
          <input name="photos" type="file" accept="image/jpeg,image/png,image/webp" multiple data-testid="batch-photos" />
        </label>
        <button type="submit" disabled={busy}>
          {t("trace.form.submit")}
        </button>
      </Form>
    </section>
  );
}
