import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOperator } from "~/auth/guards.server";
import { IntentReply } from "~/components/intent-reply";
import { Pager } from "~/components/pager";
import { dayText } from "~/payouts/china-days";
import { recordReceipt } from "~/payouts/receipt-operations.server";
import { CALLS_PER_PAGE, callList, receiptCodeText } from "~/payouts/receipts.server";
import { formatFen } from "~/utils/formats";
import { pageParam } from "~/utils/input.server";
import { intent, pageAction } from "~/utils/operation.server";

// The call list: paid payouts their households have not confirmed after RECEIPT_CALL_AFTER_DAYS.
// An operator calls (through the village) and writes the answer down; a problem raises an alarm.

export const handle = { i18n: ["households", "receipt"] };

export const meta: MetaFunction = () => [{ title: "Receipts to confirm · Operations · Sapling" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOperator(request);
  const page = pageParam(request);
  const { rows, total, days } = await callList(page);
  return json({
    rows: rows.map((r) => ({
      code: r.receiptCode,
      codeText: receiptCodeText(r.receiptCode),
      fen: String(r.amountFen),
      method: r.method,
      paidOn: r.paidAt ? dayText(r.paidAt) : "",
      household: { id: r.household.id, code: r.household.registrationCode, head: r.household.headName, village: r.household.village, county: r.household.county },
    })),
    total,
    days,
    page,
    pages: Math.max(1, Math.ceil(total / CALLS_PER_PAGE)),
  });
}

export const action = (args: ActionFunctionArgs) => pageAction(args, { record: intent(recordReceipt, { done: () => ({ message: "receipt.recorded" }) }) });

export default function OpsReceipts() {
  const { t, i18n } = useTranslation();
  const { rows, total, days, page, pages } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <section>
      <h1>{t("receipt.callTitle")}</h1>
      <p className="muted">{t("receipt.callIntro", { days })}</p>
      <IntentReply reply={reply} about="record" />
      {rows.length === 0 ? (
        <p className="notice" data-testid="call-list-empty">
          {t("receipt.callNone", { days })}
        </p>
      ) : (
        <>
          <p data-testid="call-count">{t("receipt.callCount", { count: total })}</p>
          <table className="call-list" data-testid="call-list">
            <thead>
              <tr>
                <th>{t("receipt.householdColumn")}</th>
                <th>{t("receipt.head")}</th>
                <th>{t("receipt.village")}</th>
                <th>{t("receipt.paid")}</th>
                <th>{t("receipt.amount")}</th>
                <th>{t("receipt.recordNote")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.code} data-testid="call-row" data-code={row.codeText}>
                  <td>
                    <Link to={`/ops/households/${row.household.id}`}>{row.household.code}</Link>
                  </td>
                  <td>{row.household.head}</td>
                  <td>
                    {row.household.village}, {row.household.county}
                  </td>
                  <td>
                    {row.paidOn} · {t(`households.method.${row.method}`)}
                  </td>
                  <td>{formatFen(row.fen, i18n.language)}</td>
                  <td>
                    <Form method="post" className="row">
                      <input type="hidden" name="intent" value="record" />
                      <input type="hidden" name="code" value={row.code} />
                      <input name="note" maxLength={500} aria-label={t("receipt.recordNote")} />
                      <button type="submit" name="answer" value="CONFIRMED" disabled={busy}>
                        {t("receipt.recordConfirmed")}
                      </button>
                      <button type="submit" name="answer" value="DISPUTED" className="secondary" disabled={busy}>
                        {t("receipt.recordDisputed")}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager page={page} pages={pages} />
        </>
      )}
    </section>
  );
}
