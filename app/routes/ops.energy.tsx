import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { readForm } from "~/utils/input.server";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { randomUUID } from "node:crypto";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireOperator } from "~/auth/guards.server";
import { useGrams } from "~/components/grams";
import { db } from "~/db/client.server";
import { adjustEnergy, AdjustmentRefused, checkLedger } from "~/energy/ledger.server";

export const meta: MetaFunction = () => [{ title: "Energy ledger · Operations · Sapling" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOperator(request);
  return json({ checks: await checkLedger(), idempotencyKey: randomUUID() });
}

const formSchema = z.object({
  email: z.string().trim().toLowerCase().email(),
  grams: z.coerce.number().int().refine((g) => g !== 0 && Math.abs(g) <= 10_000_000),
  reason: z.string().trim().min(3).max(500),
  idempotencyKey: z.string().min(8).max(100),
});

export async function action({ request }: ActionFunctionArgs) {
  const operator = await requireOperator(request);
  const parsed = formSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return json({ ok: false as const, error: "ops.adjustInvalid" }, { status: 400 });
  const user = await db().user.findUnique({ where: { email: parsed.data.email }, select: { id: true } });
  if (!user) return json({ ok: false as const, error: "ops.adjustRefused.user_not_found" }, { status: 404 });
  try {
    const result = await adjustEnergy({ ...parsed.data, userId: user.id, operatorId: operator.id });
    return json({ ok: true as const, balance: result.balance });
  } catch (error) {
    if (error instanceof AdjustmentRefused) return json({ ok: false as const, error: `ops.adjustRefused.${error.reason}` }, { status: 422 });
    throw error;
  }
}

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
          {result.ok ? t("ops.adjusted", { balance: grams(result.balance) }) : t(result.error)}
        </p>
      ) : null}
      <Form method="post" className="stack">
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
        <button type="submit" disabled={busy}>
          {t("ops.adjustSubmit")}
        </button>
      </Form>
    </section>
  );
}
