import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { useTranslation } from "react-i18next";
import { AUDIT_ACTIONS, type AuditAction } from "~/audit/actions";
import { listAudit, verifyAuditChain } from "~/audit/audit.server";
import { requireOperator } from "~/auth/guards.server";
import { Pager } from "~/components/pager";
import { useDateTime } from "~/components/time";
import { instantOfWallTime } from "~/energy/local-time";
import { pageParam } from "~/utils/input.server";

// The operators' audit trail: every decision, newest first, filtered by kind, operator and day
// (Beijing time), and a check that no row was changed since it was written.

export const handle = { i18n: ["audit"] };

export const meta: MetaFunction = () => [{ title: "Audit trail · Sapling" }];

const day = z.string().max(10).regex(/^\d{4}-\d{2}-\d{2}$/);
const filterSchema = z.object({
  action: z.enum(AUDIT_ACTIONS as [AuditAction, ...AuditAction[]]).optional().catch(undefined),
  operator: z.string().trim().max(254).optional().catch(undefined),
  from: day.optional().catch(undefined),
  to: day.optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOperator(request);
  const params = Object.fromEntries([...new URL(request.url).searchParams].filter(([, value]) => value !== ""));
  const filter = filterSchema.parse(params);
  const dayAfter = (value: string) => new Date(instantOfWallTime(`${value}T00:00`, "Asia/Shanghai").getTime() + 86_400_000);
  const { events, pages } = await listAudit(
    {
      action: filter.action,
      actorEmail: filter.operator || undefined,
      from: filter.from ? instantOfWallTime(`${filter.from}T00:00`, "Asia/Shanghai") : undefined,
      to: filter.to ? dayAfter(filter.to) : undefined,
    },
    pageParam(request),
  );
  return json({ events, pages, page: pageParam(request), filter });
}

export async function action({ request }: ActionFunctionArgs) {
  await requireOperator(request);
  const broken = await verifyAuditChain();
  return json({ verified: true as const, broken });
}

export default function AuditTrail() {
  const { t } = useTranslation();
  const { events, pages, page, filter } = useLoaderData<typeof loader>();
  const checked = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const [searchParams] = useSearchParams();
  const formatTime = useDateTime("Asia/Shanghai");
  return (
    <section className="stack">
      <h1>{t("audit.title")}</h1>
      <p className="muted">{t("audit.intro")}</p>

      <Form method="post" className="row">
        <button type="submit" className="secondary" disabled={busy}>
          {t("audit.verify")}
        </button>
        {checked ? (
          <span role="status" className={checked.broken ? "field-error" : "notice"} data-testid="audit-verified">
            {checked.broken ? t(`audit.broken.${checked.broken.reason}`, { seq: checked.broken.seq }) : t("audit.intact")}
          </span>
        ) : null}
      </Form>

      <Form method="get" className="row filters" key={searchParams.toString()}>
        <label>
          {t("audit.action")}
          <select name="action" defaultValue={filter.action ?? ""}>
            <option value="">{t("audit.everything")}</option>
            {AUDIT_ACTIONS.map((name) => (
              <option key={name} value={name}>
                {t(`audit.actions.${name}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("audit.operator")}
          <input name="operator" type="email" defaultValue={filter.operator ?? ""} maxLength={254} />
        </label>
        <label>
          {t("audit.from")}
          <input name="from" type="date" defaultValue={filter.from ?? ""} />
        </label>
        <label>
          {t("audit.to")}
          <input name="to" type="date" defaultValue={filter.to ?? ""} />
        </label>
        <button type="submit">{t("audit.show")}</button>
      </Form>

      {events.length === 0 ? (
        <p className="notice">{t("audit.none")}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="audit-table">
            <thead>
              <tr>
                <th>#</th>
                <th>{t("audit.when")}</th>
                <th>{t("audit.who")}</th>
                <th>{t("audit.action")}</th>
                <th>{t("audit.subject")}</th>
                <th>{t("audit.details")}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.seq} data-testid="audit-row" data-action={event.action}>
                  <td>{event.seq}</td>
                  <td>{formatTime(event.at)}</td>
                  <td title={event.actorEmail}>{event.actor}</td>
                  <td>{t(`audit.actions.${event.action}`)}</td>
                  <td>
                    <code>{event.subject}</code>
                  </td>
                  <td>
                    {Object.entries(event.details)
                      .map(([key, value]) => `${key}: ${String(value)}`)
                      .join(" · ")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={page} pages={pages} />
    </section>
  );
}
