import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { requireOperator } from "~/auth/guards.server";
import { addPartner, rotatePartner } from "~/energy/operations.server";
import { listPartners } from "~/energy/partners.server";
import { intent, pageAction } from "~/utils/operation.server";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["demo", "forest", "friends", "ops", "projects", "stepUp"] };

export const meta: MetaFunction = () => [{ title: "Partners · Operations · Sapling" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOperator(request);
  return json({ partners: await listPartners() });
}

export const action = (args: ActionFunctionArgs) =>
  pageAction(args, {
    create: intent(addPartner, { done: (created) => ({ message: "ops.partnerCreated", params: created }) }),
    rotate: intent(rotatePartner, { done: (rotated) => ({ message: "ops.rotated", params: rotated }) }),
  });

function RotateButton({ id }: { id: string }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <button type="button" className="secondary" onClick={() => setConfirming(true)}>
        {t("ops.rotate")}
      </button>
    );
  }
  return (
    <Form method="post" className="inline">
      <input type="hidden" name="id" value={id} />
      <span>{t("ops.rotateConfirm")}</span>{" "}
      <button type="submit" name="intent" value="rotate">
        {t("ops.rotateYes")}
      </button>{" "}
      <button type="button" className="secondary" onClick={() => setConfirming(false)}>
        {t("projects.back")}
      </button>
    </Form>
  );
}

export default function OpsPartners() {
  const { t } = useTranslation();
  const { partners } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <section>
      <h1>{t("ops.partnersTitle")}</h1>
      {result?.ok ? (
        <div className="notice" role="status" data-testid="partner-secret">
          <p>{t(result.message, result.params)}</p>
          <p>
            {t("ops.secretOnce")} <code>{result.params?.secret}</code>
          </p>
        </div>
      ) : result ? (
        <p className="field-error" role="alert">
          {t(result.error, result.params)}
        </p>
      ) : null}
      {partners.length === 0 ? <p className="notice">{t("ops.noPartners")}</p> : null}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{t("ops.partnerId")}</th>
              <th>{t("ops.partnerName")}</th>
              <th>{t("ops.actionsSummary")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {partners.map((partner) => (
              <tr key={partner.id} data-testid="partner-row">
                <td>
                  <Link to={`/ops/partners/${partner.id}`}>
                    <code>{partner.id}</code>
                  </Link>
                </td>
                <td>{partner.name}</td>
                <td>
                  {t("ops.counts", {
                    accepted: partner.counts.ACCEPTED ?? 0,
                    capped: partner.counts.CAPPED ?? 0,
                    rejected: partner.counts.REJECTED ?? 0,
                  })}
                </td>
                <td>
                  <RotateButton id={partner.id} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t("ops.newPartner")}</h2>
      <Form method="post" className="stack">
        <label>
          {t("ops.partnerId")}
          <input name="id" required pattern="[a-z0-9][a-z0-9\-]{2,40}" />
        </label>
        <label>
          {t("ops.partnerName")}
          <input name="name" required minLength={2} maxLength={100} />
        </label>
        <button type="submit" name="intent" value="create" disabled={busy}>
          {t("ops.createPartner")}
        </button>
      </Form>
    </section>
  );
}
