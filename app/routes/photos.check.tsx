import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { createHash } from "node:crypto";
import { useTranslation } from "react-i18next";
import { useDateTime } from "~/components/time";
import { photoOnRecord, SHA256 } from "~/evidence/photo-check.server";
import { MAX_PHOTO_BYTES } from "~/evidence/photos";
import { formFields, readForm } from "~/utils/input.server";

// "Is this photo on record?" for anyone: a file is hashed here and forgotten, or a SHA-256 pasted;
// either way the answer lives at ?sha256=…, a link that can be shared.

export const handle = { i18n: ["photoCheck", "evidence"] };

export const meta: MetaFunction = () => [{ title: "Is this photo on record? · Sapling" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const asked = new URL(request.url).searchParams.get("sha256");
  if (asked === null) return json({ sha256: null, error: null, found: null });
  const sha256 = asked.trim().toLowerCase().slice(0, 100);
  if (!SHA256.test(sha256)) return json({ sha256, error: "photoCheck.badHash", found: null }, { status: 422 });
  return json({ sha256, error: null, found: await photoOnRecord(sha256) });
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request, { maxFileBytes: MAX_PHOTO_BYTES });
  const file = form.get("photo");
  const { sha256 = "" } = formFields(form);
  if (file instanceof File && file.size > 0) return redirect(`/photos/check?sha256=${createHash("sha256").update(Buffer.from(await file.arrayBuffer())).digest("hex")}`);
  const pasted = sha256.trim().toLowerCase().slice(0, 100);
  if (!pasted) return json({ error: "photoCheck.needOne", sha256: "" }, { status: 422 });
  if (!SHA256.test(pasted)) return json({ error: "photoCheck.badHash", sha256: pasted }, { status: 422 });
  return redirect(`/photos/check?sha256=${pasted}`);
}

export default function PhotoCheck() {
  const { t, i18n } = useTranslation();
  const checked = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const location = useLocation();
  const date = useDateTime("Asia/Shanghai");
  const error = reply?.error ?? checked.error;
  const found = checked.found;
  const named = (n: { zh: string; en: string }) => (i18n.language === "en" ? n.en : n.zh);
  return (
    <section className="stack">
      <h1>{t("photoCheck.title")}</h1>
      <p>{t("photoCheck.intro")}</p>
      {/* A new form after each check: the file chosen before is not checked again instead of a hash pasted now. */}
      <Form method="post" encType="multipart/form-data" className="stack" noValidate key={location.key}>
        <label>
          {t("photoCheck.file")}
          <input name="photo" type="file" accept="image/*" data-testid="check-file" />
        </label>
        <label>
          {t("photoCheck.hash")}
          <input
            name="sha256"
            defaultValue={reply?.sha256 ?? checked.sha256 ?? ""}
            autoComplete="off"
            spellCheck={false}
            maxLength={100}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "sha256-error" : undefined}
          />
          {error ? (
            <p id="sha256-error" className="field-error" role="alert">
              {t(error)}
            </p>
          ) : null}
        </label>
        <button type="submit" disabled={busy}>
          {t("photoCheck.submit")}
        </button>
      </Form>
      {checked.sha256 && !checked.error ? (
        <div className={found ? "notice photo-check-result" : "notice warn photo-check-result"} role="status" data-testid="check-result" data-found={found ? "yes" : "no"}>
          <p className="muted">
            {t("photoCheck.checked")}
            <code className="hash">{checked.sha256}</code>
          </p>
          {!found ? (
            <p>{t("photoCheck.notOnRecord")}</p>
          ) : (
            <>
              <p>
                <strong>{t("photoCheck.onRecord")}</strong>{" "}
                {found.kind === "evidence"
                  ? t("photoCheck.evidence", {
                      kind: t(`evidence.kind.${found.evidenceKind}`),
                      target: found.plot ?? t("evidence.stand", { stand: found.stand }),
                      project: named(found.project),
                      date: found.occurredOn,
                      recorded: date(found.recordedAt),
                    })
                  : found.kind === "patrol"
                    ? t("photoCheck.patrol", { project: named(found.project), date: found.occurredOn, recorded: date(found.recordedAt) })
                    : found.kind === "batch"
                      ? t("photoCheck.batch", { code: found.traceCode, product: named(found.product), project: named(found.project), date: found.occurredOn, recorded: date(found.recordedAt) })
                      : t("photoCheck.product", { product: named(found.product), project: named(found.project) })}
              </p>
              <p className="row">
                {found.kind === "evidence" && found.certificate ? (
                  <Link to={`/certificates/${found.certificate}`}>{t("photoCheck.seeCertificate", { number: found.certificate })}</Link>
                ) : null}
                {found.kind === "batch" ? <Link to={`/trace/${found.traceCode}`}>{t("photoCheck.seeTrace", { code: found.traceCode })}</Link> : null}
                {found.kind === "product" || found.kind === "batch" ? <Link to={`/shop/${found.product.slug}`}>{named(found.product)}</Link> : <Link to={`/projects/${found.project.slug}`}>{named(found.project)}</Link>}
              </p>
            </>
          )}
        </div>
      ) : null}
    </section>
  );
}
