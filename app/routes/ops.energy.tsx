import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { randomUUID } from "node:crypto";
import { useTranslation } from "react-i18next";
import { requireOperator } from "~/auth/guards.server";
import { useGrams } from "~/components/grams";
import { checkLedger } from "~/energy/ledger.server";
import { adjustEnergyOp, reviewHeldBallsOp } from "~/energy/operations.server";
import { listHeldBalls } from "~/energy/review.server";
import { useDateTime } from "~/components/time";
import { TotpInput } from "~/components/totp-input";
import { intent, pageAction } from "~/utils/operation.server";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["auth", "demo", "forest", "friends", "ops", "stepUp"] };

export const meta: MetaFunction = () => [{ title: "Energy ledger · Operations · Sapling" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOperator(request);
  const [checks, held] = await Promise.all([checkLedger(), listHeldBalls()]);
  return json({ checks, held, idempotencyKey: randomUUID() });
}

/** The balls ticked in the review list. */
const ticked = (decision: "release" | "reject") => (_fields: Record<string, string>, _params: unknown, _request: Request, form: FormData) => ({
  ballIds: form.getAll("ballId").map(String),
  decision,
});

export const action = (args: ActionFunctionArgs) =>
  pageAction(args, {
    adjust: intent(adjustEnergyOp, {
      input: (fields) => ({ ...fields, userId: undefined }),
      done: (result) => ({ message: "ops.adjusted", params: { balance: result.balance } }),
    }),
    release: intent(reviewHeldBallsOp, { input: ticked("release"), done: (result) => ({ message: "ops.review.released", params: { count: result.decided } }) }),
    reject: intent(reviewHeldBallsOp, { input: ticked("reject"), done: (result) => ({ message: "ops.review.rejected", params: { count: result.decided } }) }),
  });

/** Balls from implausible reports, waiting: ticked and released or rejected together. */
function HeldForReview() {
  const { t } = useTranslation();
  const { held } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const grams = useGrams();
  const formatTime = useDateTime("Asia/Shanghai");
  const said = result && (result.intent === "release" || result.intent === "reject") ? result : null;
  return (
    <>
      <h2>{t("ops.review.title", { count: held.total })}</h2>
      {said ? (
        <p role="status" className={said.ok ? "notice" : "field-error"} data-testid="review-result">
          {said.ok ? t(said.message, { ...said.params }) : t(said.error, { ...said.params })}
        </p>
      ) : null}
      {held.balls.length === 0 ? (
        <p className="muted">{t("ops.review.none")}</p>
      ) : (
        <Form method="post" className="stack">
          <div className="table-wrap">
            <table data-testid="held-balls">
              <thead>
                <tr>
                  <th>
                    <span className="visually-hidden">{t("ops.review.choose")}</span>
                  </th>
                  <th>{t("ops.review.who")}</th>
                  <th>{t("ops.review.what")}</th>
                  <th>{t("ops.review.why")}</th>
                  <th>{t("ops.review.when")}</th>
                </tr>
              </thead>
              <tbody>
                {held.balls.map((ball) => (
                  <tr key={ball.id} data-testid="held-ball">
                    <td>
                      <input type="checkbox" name="ballId" value={ball.id} defaultChecked aria-label={t("ops.review.chooseOne", { who: ball.user })} />
                    </td>
                    <td title={ball.email}>{ball.user}</td>
                    <td>
                      {grams(ball.grams)} · {t(`forest.action.${ball.actionType}`, { defaultValue: ball.actionType })}
                    </td>
                    <td>{t(`forest.review.reason.${ball.reason}`)}</td>
                    <td>{formatTime(ball.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="row">
            <button type="submit" name="intent" value="release" disabled={busy}>
              {t("ops.review.release")}
            </button>
            <button type="submit" name="intent" value="reject" className="secondary" disabled={busy}>
              {t("ops.review.reject")}
            </button>
          </p>
        </Form>
      )}
    </>
  );
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

      <HeldForReview />

      <h2>{t("ops.adjustTitle")}</h2>
      {result && result.intent === "adjust" ? (
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
