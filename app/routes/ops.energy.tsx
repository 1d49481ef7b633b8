import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { randomUUID } from "node:crypto";
import { useTranslation } from "react-i18next";
import { requireOperator } from "~/auth/guards.server";
import { useGrams } from "~/components/grams";
import { checkLedger } from "~/energy/ledger.server";
import { adjustEnergyOp } from "~/energy/operations.server";
import { TotpInput } from "~/components/totp-input";
import { intent, pageAction } from "~/utils/operation.server";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["auth", "demo", "forest", "friends", "ops", "stepUp"] };

export const meta: MetaFunction = () => [{ title: "Energy ledger · Operations · Sapling" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOperator(request);
  return json({ checks: await checkLedger(), idempotencyKey: randomUUID() });
}

export const action = (args: ActionFunctionArgs) =>
  pageAction(args, {
    adjust: intent(adjustEnergyOp, {
      input: (fields) => ({ ...fields, userId: undefined }),
      done: (result) => ({ message: "ops.adjusted", params: { balance: result.balance } }),
    }),
  });

export default function OpsEnergy() {
  const { t } = useTranslation();
  const { checks, idempotencyKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const grams = useGrams();
  const rows: [string, number][] = [
    ["ops.earned", checks.earned],
    ["ops.granted", checks.granted],
    ["ops.expired", checks.expired],
    ["ops.redeemed", checks.redeemed],
    ["ops.inBalls", checks.inBalls],
    ["ops.balances", checks.balances],
    ["ops.escrow", checks.escrow],
  ];
  return (
    <section>
      <h1>{t("ops.energyTitle")}</h1>
      <p className={checks.ok ? "notice" : "field-error"} data-testid="ledger-status" data-ok={checks.ok}>
        {checks.ok ? t("ops.ledgerOk") : t("ops.ledgerBroken")}
      </p>
      <ul>
        <li data-testid="check-conserved">
          {t("ops.checkConserved")}: <strong>{checks.conserved ? "✓" : "✗"}</strong>
        </li>
        <li data-testid="check-balances">
          {t("ops.checkBalances")}: <strong>{checks.balanceMismatches === 0 && checks.ballMismatches === 0 ? "✓" : "✗"}</strong>{" "}
          <span className="muted">{t("ops.mismatches", { users: checks.balanceMismatches, balls: checks.ballMismatches })}</span>
        </li>
      </ul>
      <div className="table-wrap">
        <table>
          <tbody>
            {rows.map(([label, value]) => (
              <tr key={label}>
                <th>{t(label)}</th>
                <td>{grams(value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>{t("ops.adjustTitle")}</h2>
      {result ? (
        <p role="status" className={result.ok ? "notice" : "field-error"}>
          {result.ok ? t(result.message, { balance: grams(Number(result.params?.balance ?? 0)) }) : t(result.error, { ...result.params })}
        </p>
      ) : null}
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="adjust" />
        <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
        <label>
          {t("auth.email")}
          <input name="email" type="email" required />
        </label>
        <label>
          {t("ops.adjustGrams")}
          <input name="grams" type="number" step={1} required />
        </label>
        <label>
          {t("ops.adjustReason")}
          <input name="reason" required minLength={3} maxLength={500} />
        </label>
        <TotpInput />
        <button type="submit" disabled={busy}>
          {t("ops.adjustSubmit")}
        </button>
      </Form>
    </section>
  );
}
