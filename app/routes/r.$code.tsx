import { type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction, json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { z } from "zod";
import { IntentReply } from "~/components/intent-reply";
import { dayText, lastDayText } from "~/payouts/china-days";
import { answerReceipt, normaliseReceiptCode, RECEIPT_NOTE_MAX, receiptCodeText, receiptStatement } from "~/payouts/receipts.server";
import { dateTimeFormat, formatFen } from "~/utils/formats";
import { formFields, readForm } from "~/utils/input.server";
import type { PageReply } from "~/utils/page-reply";
import { clientIp, consume, RateLimited, RULES } from "~/utils/rate-limit.server";
import { Refused } from "~/utils/refused";

// A household's own statement, opened with the receipt code printed on its village statement: no
// account, no name shown. It says what the household was allocated, month by month and product by
// product, and what it was paid; for the payout of this code it asks "did this reach you?".

export const handle = { i18n: ["receipt"] };

export const meta: MetaFunction = () => [{ title: "收益对账单 Statement · Sapling" }, { name: "robots", content: "noindex" }];

// Personal figures: never kept by a shared cache. A refusal keeps its own headers (Retry-After).
export const headers: HeadersFunction = ({ errorHeaders }) => {
  const headers = new Headers(errorHeaders);
  headers.set("Cache-Control", "private, no-store");
  return headers;
};

/** The code from the address, normalised; a code that cannot exist is a 404 like an unknown one. */
async function codeOf(raw: string | undefined) {
  const code = normaliseReceiptCode(raw ?? "");
  return code && (await receiptStatement(code)) ? code : null;
}

async function refuseUnknown(): Promise<never> {
  // Unknown codes are counted per address: a household mistypes a few, a guesser is stopped.
  try {
    await consume(RULES.receiptMissesByIp(), clientIp());
  } catch (error) {
    if (error instanceof RateLimited) throw json({ retryAfterSeconds: error.retryAfterSeconds }, { status: 429, headers: { "Retry-After": String(error.retryAfterSeconds) } });
    throw error;
  }
  throw new Response("No such receipt", { status: 404 });
}

export async function loader({ params }: LoaderFunctionArgs) {
  const code = normaliseReceiptCode(params.code ?? "");
  const statement = code ? await receiptStatement(code) : null;
  if (!code || !statement) return refuseUnknown();
  // The printed form (dashes) is the page's one address.
  if (params.code !== receiptCodeText(code)) throw redirect(`/r/${receiptCodeText(code)}`);
  const { household, payouts, allocations, owedFen, payoutId } = statement;
  return json({
    code: receiptCodeText(code),
    household: { code: household.registrationCode, village: household.village, county: household.county, project: { zh: household.project.nameZh, en: household.project.nameEn } },
    payouts: payouts.map((p) => ({
      id: p.id,
      current: p.id === payoutId,
      period: `${dayText(p.batch.periodStart)} – ${lastDayText(p.batch.periodEnd)}`,
      fen: String(p.amountFen),
      method: p.method,
      status: p.status,
      paidOn: p.paidAt ? dayText(p.paidAt) : null,
      answer: p.receiptAnswer,
      answeredOn: p.receiptAnsweredAt ? dayText(p.receiptAnsweredAt) : null,
      note: p.receiptNote,
    })),
    allocations: allocations.map((a, i) => ({ key: i, month: a.month, product: a.productZh ? { zh: a.productZh, en: a.productEn! } : null, fen: String(a.fen) })),
    owed: String(owedFen),
  });
}

const answerSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("confirm") }),
  z.object({ intent: z.literal("dispute"), note: z.string().trim().max(RECEIPT_NOTE_MAX, "receipt.noteTooLong").optional() }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const code = await codeOf(params.code);
  if (!code) return refuseUnknown();
  const fields = formFields(await readForm(request));
  const parsed = answerSchema.safeParse(fields);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const message = issue?.message.startsWith("receipt.") ? issue.message : "errors.generic";
    return json<PageReply>({ ok: false, intent: fields.intent ?? "", error: message, params: { max: RECEIPT_NOTE_MAX } }, { status: 422 });
  }
  const input = parsed.data;
  try {
    await answerReceipt({ code, answer: input.intent === "confirm" ? "CONFIRMED" : "DISPUTED", note: input.intent === "dispute" ? input.note : undefined });
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    return json<PageReply>({ ok: false, intent: input.intent, error: `receipt.refused.${error.code}` }, { status: error.code === "receipt_not_found" ? 404 : 409 });
  }
  return json<PageReply>({ ok: true, intent: input.intent, message: "" });
}

export default function Receipt() {
  const { t, i18n } = useTranslation();
  const { code, household, payouts, allocations, owed } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const en = i18n.language === "en";
  const money = (fen: string) => formatFen(fen, i18n.language);
  const monthFormat = dateTimeFormat(en ? "en-GB" : "zh-CN", { timeZone: "UTC", year: "numeric", month: "long" });
  const monthText = (month: string) => monthFormat.format(new Date(`${month}-01T00:00:00Z`));
  const current = payouts.find((p) => p.current)!;
  return (
    <section className="stack receipt" data-testid="receipt">
      <h1>{t("receipt.title")}</h1>
      <p className="muted">
        {t("receipt.household", { code: household.code })} · {household.village}, {household.county} · {en ? household.project.en : household.project.zh}
      </p>

      <div className="receipt-card" data-testid="receipt-payout" data-status={current.status} data-answer={current.answer ?? ""}>
        <p className="muted">
          {t("receipt.code")} <code>{code}</code> · {current.period}
        </p>
        <p className="receipt-amount">{money(current.fen)}</p>
        <p>
          {current.status === "PAID"
            ? t(`receipt.paidBy.${current.method}`, { day: current.paidOn })
            : current.status === "FAILED"
              ? t("receipt.failed")
              : t("receipt.onItsWay")}
        </p>
        {/* A refusal is said here; an answer taken shows as the payout's state below. */}
        {reply && !reply.ok ? <IntentReply reply={reply} about={reply.intent} /> : null}
        {current.status !== "PAID" ? null : current.answer === "DISPUTED" ? (
          <p className="notice" data-testid="receipt-answer">
            {t("receipt.disputedOn", { day: current.answeredOn })} {current.note ? <q>{current.note}</q> : null}
          </p>
        ) : (
          <>
            {current.answer === "CONFIRMED" ? (
              <p className="notice" data-testid="receipt-answer">
                {t("receipt.confirmedOn", { day: current.answeredOn })}
              </p>
            ) : (
              <Form method="post">
                <p>
                  <strong>{t("receipt.ask")}</strong>
                </p>
                <button type="submit" name="intent" value="confirm" disabled={busy}>
                  {t("receipt.confirm")}
                </button>
              </Form>
            )}
            {/* Opened first, so a problem is reported on purpose, with room to say what happened. */}
            <details className="receipt-dispute">
              <summary>{current.answer === "CONFIRMED" ? t("receipt.laterProblem") : t("receipt.problem")}</summary>
              <Form method="post" className="stack">
                <label>
                  {t("receipt.noteLabel")}
                  <textarea name="note" rows={3} maxLength={RECEIPT_NOTE_MAX} placeholder={t("receipt.notePlaceholder")} />
                </label>
                <button type="submit" name="intent" value="dispute" className="danger" disabled={busy}>
                  {t("receipt.dispute")}
                </button>
              </Form>
            </details>
          </>
        )}
      </div>

      <h2>{t("receipt.allocations")}</h2>
      {allocations.length === 0 ? (
        <p className="muted">{t("receipt.noAllocations")}</p>
      ) : (
        <table data-testid="receipt-allocations">
          <thead>
            <tr>
              <th>{t("receipt.month")}</th>
              <th>{t("receipt.product")}</th>
              <th>{t("receipt.amount")}</th>
            </tr>
          </thead>
          <tbody>
            {allocations.map((a) => (
              <tr key={a.key}>
                <td>{monthText(a.month)}</td>
                <td>{a.product ? (en ? a.product.en : a.product.zh) : "—"}</td>
                <td>{money(a.fen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>{t("receipt.payouts")}</h2>
      <table data-testid="receipt-payouts">
        <thead>
          <tr>
            <th>{t("receipt.period")}</th>
            <th>{t("receipt.status")}</th>
            <th>{t("receipt.amount")}</th>
          </tr>
        </thead>
        <tbody>
          {payouts.map((p) => (
            <tr key={p.id} className={p.current ? "current" : undefined}>
              <td>{p.period}</td>
              <td>
                {p.paidOn ? t("receipt.paidOn", { day: p.paidOn }) : t(`receipt.payoutStatus.${p.status}`)}
                {p.answer ? ` · ${t(`receipt.answer.${p.answer}`)}` : ""}
              </td>
              <td>{money(p.fen)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p data-testid="receipt-owed">{t("receipt.owed", { amount: money(owed) })}</p>
      <p className="muted">
        {t("receipt.help")} <Link to="/transparency">{t("receipt.transparency")}</Link>
      </p>
    </section>
  );
}

// Its own boundary, so its headers (Retry-After on a refusal) are the ones sent.
export const ErrorBoundary = GeneralErrorBoundary;
