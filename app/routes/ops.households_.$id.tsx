import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOperator } from "~/auth/guards.server";
import { formatFen } from "~/utils/formats";
import { dayText, lastDayText } from "~/payouts/china-days";
import { householdStatement } from "~/payouts/statements.server";
import { workOf } from "~/payouts/household-work.server";
import { receiptCodeText } from "~/payouts/receipts.server";
import { publicOrigin } from "~/utils/env.server";
import { qrImage } from "~/utils/qr.server";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["area", "evidence", "households", "payouts", "receipt", "statement", "work"] };

export const meta: MetaFunction = () => [{ title: "Household statement · Sapling" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOperator(request);
  const [statement, work] = await Promise.all([householdStatement(params.id!), workOf(params.id!)]);
  if (!statement) throw new Response("No such household", { status: 404 });
  const { household } = statement;
  // The newest payout's receipt is the one this paper goes out with: its address and QR code.
  const newest = statement.payouts.at(-1);
  const receiptUrl = newest ? `${publicOrigin(request)}/r/${receiptCodeText(newest.receiptCode)}` : null;
  return json({
    receipt: newest && receiptUrl ? { url: receiptUrl, qr: await qrImage(receiptUrl) } : null,
    household: {
      code: household.registrationCode,
      head: household.headName,
      village: household.village,
      county: household.county,
      members: household.members,
      weight: household.weight,
      method: household.payoutMethod,
      status: household.status,
      project: { zh: household.project.nameZh, en: household.project.nameEn },
      cooperative: household.cooperative ? { zh: household.cooperative.nameZh, en: household.cooperative.nameEn } : null,
    },
    allocations: statement.allocations.map((a, i) => ({
      key: i,
      day: dayText(a.at),
      order: a.orderId?.slice(-8) ?? "",
      product: a.productZh ? { zh: a.productZh, en: a.productEn! } : null,
      quantity: a.quantity,
      fen: String(a.fen),
      refund: a.refund,
    })),
    payouts: statement.payouts.map((p) => ({
      id: p.id,
      period: `${dayText(p.batch.periodStart)} – ${lastDayText(p.batch.periodEnd)}`,
      paidOn: p.paidAt ? dayText(p.paidAt) : null,
      method: p.method,
      status: p.status,
      fen: String(p.amountFen),
      reference: p.transferId ?? p.reference,
      receiptCode: receiptCodeText(p.receiptCode),
      answer: p.receiptAnswer,
    })),
    totals: { allocated: String(statement.allocatedFen), paid: String(statement.paidFen), inPayment: String(statement.inPaymentFen), owed: String(statement.owedFen) },
    printedOn: dayText(new Date()),
    work: work.map((w) => ({ id: w.id, kind: w.kind, day: w.day.toISOString().slice(0, 10), on: w.evidenceId ? "onEvidence" : w.patrolId ? "onPatrol" : "onBatch" })),
  });
}

export default function HouseholdStatement() {
  const { t, i18n } = useTranslation();
  const { household, allocations, payouts, totals, printedOn, receipt, work } = useLoaderData<typeof loader>();
  const en = i18n.language === "en";
  const money = (fen: string) => formatFen(fen, i18n.language);
  return (
    <section className="statement">
      <p className="muted no-print">
        <Link to="/ops/households">← {t("households.title")}</Link>{" "}
        <button type="button" className="secondary" onClick={() => window.print()}>
          {t("statement.print")}
        </button>
      </p>
      <h1>{t("statement.title", { code: household.code })}</h1>
      <p>
        {household.head} · {household.village}, {household.county} · {en ? household.project.en : household.project.zh}
        {household.cooperative ? ` · ${en ? household.cooperative.en : household.cooperative.zh}` : ""}
      </p>
      <p className="muted">
        {t("statement.details", { members: household.members, weight: household.weight })} · {t(`households.method.${household.method}`)} · {t(`households.statusName.${household.status}`)} ·{" "}
        {t("statement.printedOn", { day: printedOn })}
      </p>
      <ul className="counters" data-testid="statement-totals">
        <li>
          <strong>{money(totals.allocated)}</strong> {t("statement.allocated")}
        </li>
        <li>
          <strong>{money(totals.paid)}</strong> {t("statement.paid")}
        </li>
        <li>
          <strong>{money(totals.inPayment)}</strong> {t("statement.inPayment")}
        </li>
        <li>
          <strong>{money(totals.owed)}</strong> {t("statement.owed")}
        </li>
      </ul>
      <h2>{t("statement.allocations")}</h2>
      {allocations.length === 0 ? (
        <p className="notice">{t("statement.noAllocations")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{t("statement.day")}</th>
              <th>{t("statement.order")}</th>
              <th>{t("statement.product")}</th>
              <th>{t("payouts.amount")}</th>
            </tr>
          </thead>
          <tbody>
            {allocations.map((a) => (
              <tr key={a.key} data-testid="allocation-row">
                <td>{a.day}</td>
                <td>
                  <code>{a.order}</code>
                </td>
                <td>
                  {a.product ? (en ? a.product.en : a.product.zh) : "—"}
                  {a.quantity ? ` × ${a.quantity}` : ""}
                  {a.refund ? ` (${t("statement.refund")})` : ""}
                </td>
                <td>{money(a.fen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t("statement.payouts")}</h2>
      {payouts.length === 0 ? (
        <p className="notice">{t("statement.noPayouts")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{t("payouts.period")}</th>
              <th>{t("statement.paidOn")}</th>
              <th>{t("households.payout")}</th>
              <th>{t("payouts.amount")}</th>
              <th>{t("payouts.reference")}</th>
              <th>{t("receipt.code")}</th>
            </tr>
          </thead>
          <tbody>
            {payouts.map((p) => (
              <tr key={p.id} data-testid="statement-payout">
                <td>{p.period}</td>
                <td>{p.paidOn ?? t(`payouts.payoutStatus.${p.status}`)}</td>
                <td>{t(`households.method.${p.method}`)}</td>
                <td>{money(p.fen)}</td>
                <td>{p.reference ? <code>{p.reference}</code> : null}</td>
                <td>
                  <code data-testid="receipt-code">{p.receiptCode}</code>
                  {p.answer ? ` · ${t(`receipt.answeredBy.${p.answer}`)}` : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t("work.title")}</h2>
      {work.length ? (
        <ul data-testid="household-work">
          {work.map((w) => (
            <li key={w.id}>
              {w.day} · {t(`work.kind.${w.kind}`)} ({t(`work.${w.on}`)})
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t("work.none")}</p>
      )}
      {receipt ? (
        <div className="receipt-print" data-testid="receipt-print">
          <img src={receipt.qr} alt="" width={120} height={120} />
          <p>
            {t("receipt.printedCode", { url: receipt.url })}
          </p>
        </div>
      ) : null}
    </section>
  );
}
