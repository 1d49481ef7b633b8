import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { readForm } from "~/utils/input.server";
import { Refused } from "~/utils/refused";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Prisma } from "@prisma/client";
import { requireOperator } from "~/auth/guards.server";
import { createPartner, listPartners, rotatePartnerSecret } from "~/energy/partners.server";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["forest", "ops", "projects"] };

export const meta: MetaFunction = () => [{ title: "Partners · Operations · Sapling" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOperator(request);
  return json({ partners: await listPartners() });
}

const createSchema = z.object({
  id: z.string().trim().regex(/^[a-z0-9][a-z0-9-]{2,40}$/),
  name: z.string().trim().min(2).max(100),
});

export async function action({ request }: ActionFunctionArgs) {
  await requireOperator(request);
  const form = await readForm(request);
  if (form.get("intent") === "rotate") {
    try {
      return json({ ok: true as const, ...(await rotatePartnerSecret(String(form.get("id") ?? ""))), rotated: true });
    } catch (error) {
      if (error instanceof Refused) return json({ ok: false as const, error: "ops.partnerNotFound" }, { status: 404 });
      throw error;
    }
  }
  const parsed = createSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return json({ ok: false as const, error: "ops.partnerInvalid" }, { status: 400 });
  try {
    return json({ ok: true as const, ...(await createPartner(parsed.data)), rotated: false });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      return json({ ok: false as const, error: "ops.partnerTaken" }, { status: 409 });
    }
    throw error;
  }
}

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
          <p>{t(result.rotated ? "ops.rotated" : "ops.partnerCreated", { id: result.id })}</p>
          <p>
            {t("ops.secretOnce")} <code>{result.secret}</code>
          </p>
        </div>
      ) : result ? (
        <p className="field-error" role="alert">
          {t(result.error)}
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
