import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type FieldMetadata } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOperator } from "~/auth/guards.server";
import { productSchema } from "~/commerce/product-form";
import { productFormOptions } from "~/commerce/products.server";
import { listShareRules } from "~/commerce/share-rules.server";
import { DEFAULT_RULE } from "~/money/revenue-share";
import { useDateTime } from "~/components/time";
import { FormErrors, SubmitButton } from "~/components/field";
import { ProblemList } from "~/components/project-fields";
import { MAX_PHOTO_BYTES } from "~/evidence/photos";
import { addShareRuleOp, saveProductOp } from "~/commerce/operations.server";
import { recordBatchOp } from "~/commerce/batch-operations.server";
import { intent, pageAction } from "~/utils/operation.server";
import { conformResult } from "~/utils/page-reply";
import { db } from "~/db/client.server";
import { wallTimeOf } from "~/energy/local-time";
import { fenToYuanText } from "~/money/yuan";
import { batchesOf } from "~/commerce/batches.server";
import { BatchPanel } from "~/components/batch-panel";
import { redirectWithToast } from "~/utils/toast.server";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["auth", "evidenceForm", "friends", "productForm", "projectForm", "projects", "reconciliation", "redemption", "shareRule", "shop", "species", "stepUp", "trace", "work"] };

export const meta: MetaFunction = () => [{ title: "Product · Operations · Sapling" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOperator(request);
  const isNew = params.id === "new";
  const product = isNew ? null : await db().product.findUnique({ where: { id: params.id! } });
  if (!isNew && !product) throw new Response("Not found", { status: 404 });
  const now = new Date();
  const [rules, batches, project] = product
    ? await Promise.all([listShareRules(product.id), batchesOf(product.id), db().project.findUniqueOrThrow({ where: { id: product.projectId }, select: { kind: true } })])
    : [[], [], null];
  const inForce = rules.find((r) => r.effectiveFrom <= now)?.id ?? null;
  return json({
    isNew,
    options: await productFormOptions(),
    rules: rules.map((r) => ({ id: r.id, householdBp: r.householdBp, ecologyBp: r.ecologyBp, platformBp: r.platformBp, effectiveFrom: r.effectiveFrom.toISOString(), inForce: r.id === inForce })),
    stock: product?.stock ?? 0,
    kind: project?.kind ?? "FOREST",
    batches: batches.map((b) => ({ id: b.id, traceCode: b.traceCode, stand: b.stand, section: b.section, harvestFrom: b.harvestFrom.toISOString().slice(0, 10), harvestTo: b.harvestTo.toISOString().slice(0, 10), quantity: b.quantity, assigned: b.assigned })),
    defaults: product
      ? {
          projectId: product.projectId,
          cooperativeId: product.cooperativeId ?? "",
          slug: product.slug,
          nameZh: product.nameZh,
          nameEn: product.nameEn,
          descriptionZh: product.descriptionZh,
          descriptionEn: product.descriptionEn,
          unitZh: product.unitZh,
          unitEn: product.unitEn,
          price: fenToYuanText(product.priceFen),
          unitCost: fenToYuanText(product.unitCostFen),
          stockChange: "0",
          saleStartsAt: product.saleStartsAt ? wallTimeOf(product.saleStartsAt, "Asia/Shanghai") : "",
          saleEndsAt: product.saleEndsAt ? wallTimeOf(product.saleEndsAt, "Asia/Shanghai") : "",
        }
      : ({ stockChange: "0" } as Record<string, string>),
  });
}

type Problem = { code: string; params?: Record<string, string | number> };

export const action = (args: ActionFunctionArgs) =>
  pageAction(
    args,
    {
      save: intent(saveProductOp, {
        form: true,
        done: (saved) => (saved.created ? redirectWithToast(`/ops/products/${saved.id}`, { message: "productForm.created" }) : { message: "productForm.saved" }),
      }),
      rule: intent(addShareRuleOp, { form: true, done: () => ({ message: "shareRule.added" }) }),
      batch: intent(recordBatchOp, { form: true, done: (batch) => ({ message: "trace.form.recorded", params: { code: batch.traceCode } }) }),
    },
    { maxFileBytes: MAX_PHOTO_BYTES },
  );

function Field({
  meta,
  label,
  type = "text",
  ...rest
}: { meta: FieldMetadata<unknown>; label: string; type?: "text" | "number" | "datetime-local" } & Omit<React.InputHTMLAttributes<HTMLInputElement>, "type">) {
  const { t } = useTranslation();
  return (
    <label>
      {label}
      <input {...getInputProps(meta as FieldMetadata<string>, { type })} {...rest} />
      {meta.errors?.map((error) => (
        <p key={error} className="field-error" role="alert">
          {t(error)}
        </p>
      ))}
    </label>
  );
}

export default function OpsProduct() {
  const { t, i18n } = useTranslation();
  const { isNew, options, stock, defaults, rules, batches, kind } = useLoaderData<typeof loader>();
  const formatTime = useDateTime("Asia/Shanghai");
  const reply = useActionData<typeof action>();
  const ruleErrors = reply && !reply.ok && reply.intent === "rule" ? Object.values(reply.fieldErrors ?? {}).flat() : [];
  const saveReply = reply?.intent === "rule" || reply?.intent === "batch" ? undefined : reply;
  const busy = useNavigation().state === "submitting";
  const en = i18n.language === "en";
  const [form, fields] = useForm<Record<string, string>, unknown>({
    lastResult: conformResult(saveReply),
    constraint: getZodConstraint(productSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: defaults,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: productSchema }),
  });
  const field = (name: string, type?: "text" | "number" | "datetime-local", extra: Omit<React.InputHTMLAttributes<HTMLInputElement>, "type"> = {}) => (
    <Field meta={fields[name] as FieldMetadata<unknown>} label={t(`productForm.${name}`)} type={type} {...extra} />
  );
  return (
    <section>
      <p>
        <Link to="/ops/products">← {t("productForm.title")}</Link>
      </p>
      <h1>{isNew ? t("productForm.create") : t("productForm.edit")}</h1>
      {reply?.ok ? (
        <p className="notice" role="status" data-testid="product-saved">
          {t(reply.message)}
        </p>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="stack" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="save" />
        <FormErrors errors={form.errors} />
        {saveReply && !saveReply.ok && Array.isArray(saveReply.details) ? <ProblemList problems={saveReply.details as Problem[]} messages="evidenceForm.problems" title="evidenceForm.problemsTitle" /> : null}
        {saveReply && !saveReply.ok && !saveReply.details && !saveReply.fieldErrors ? (
          <p className="form-error" role="alert">
            {t(saveReply.error, saveReply.params)}
          </p>
        ) : null}
        <label>
          {t("productForm.projectId")}
          <select {...getSelectProps(fields.projectId!)}>
            <option value="">—</option>
            {options.projects.map((p) => (
              <option key={p.id} value={p.id}>
                {en ? p.nameEn : p.nameZh}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("productForm.cooperativeId")}
          <select {...getSelectProps(fields.cooperativeId!)}>
            <option value="">—</option>
            {options.cooperatives.map((c) => (
              <option key={c.id} value={c.id}>
                {en ? c.nameEn : c.nameZh}
              </option>
            ))}
          </select>
        </label>
        {isNew ? field("slug") : <input type="hidden" name="slug" value={String(defaults.slug ?? "")} />}
        {field("nameZh")}
        {field("nameEn")}
        {(["descriptionZh", "descriptionEn"] as const).map((name) => (
          <label key={name}>
            {t(`productForm.${name}`)}
            <textarea {...getTextareaProps(fields[name]!)} rows={3} />
          </label>
        ))}
        {field("unitZh")}
        {field("unitEn")}
        {field("price", "text", { inputMode: "decimal" })}
        {field("unitCost", "text", { inputMode: "decimal" })}
        {isNew ? null : <p data-testid="stock-left">{t("shop.availability.ON_SALE", { count: stock })}</p>}
        {field("stockChange", "number", { step: 1 })}
        {field("saleStartsAt", "datetime-local")}
        {field("saleEndsAt", "datetime-local")}
        <label>
          {t("productForm.photos")}
          <input name="photos" type="file" accept="image/jpeg,image/png,image/webp" multiple data-testid="product-photos" />
        </label>
        <SubmitButton busy={busy} label={t("productForm.save")} />
      </Form>
      {isNew ? null : (
        <>
          <h2>{t("shareRule.title")}</h2>
          <p className="muted">{t("shareRule.body", { household: DEFAULT_RULE.householdBp, ecology: DEFAULT_RULE.ecologyBp, platform: DEFAULT_RULE.platformBp })}</p>
          {rules.length ? (
            <ul data-testid="share-rules">
              {rules.map((rule) => (
                <li key={rule.id}>
                  {t("shareRule.line", { household: rule.householdBp, ecology: rule.ecologyBp, platform: rule.platformBp, from: formatTime(rule.effectiveFrom) })}
                  {rule.inForce ? <span className="badge">{t("shareRule.inForce")}</span> : null}
                </li>
              ))}
            </ul>
          ) : null}
          <Form method="post" encType="multipart/form-data" className="stack">
            <input type="hidden" name="intent" value="rule" />
            {ruleErrors.map((error) => (
              <p key={error} className="field-error" role="alert">
                {t(error)}
              </p>
            ))}
            {(["householdBp", "ecologyBp", "platformBp"] as const).map((name) => (
              <label key={name}>
                {t(`shareRule.${name}`)}
                <input name={name} type="number" min={0} max={10000} step={1} required />
              </label>
            ))}
            <label>
              {t("shareRule.effectiveFrom")}
              <input name="effectiveFrom" type="datetime-local" required />
            </label>
            <button type="submit" disabled={busy}>
              {t("shareRule.add")}
            </button>
          </Form>
          <BatchPanel batches={batches} kind={kind} reply={reply?.intent === "batch" ? reply : undefined} />
        </>
      )}
    </section>
  );
}
