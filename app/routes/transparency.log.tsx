import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Pager } from "~/components/pager";
import { useDateTime } from "~/components/time";
import { latestPublicLogRows, publicLogDays } from "~/transparency/public-log.server";
import { pageParam } from "~/utils/input.server";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["publicLog", "transparency", "evidence"] };

export const meta: MetaFunction = () => [{ title: "Public log · Sapling" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const page = pageParam(request);
  const [days, latest] = await Promise.all([publicLogDays(page), page === 1 ? latestPublicLogRows() : Promise.resolve([])]);
  return json({ ...days, page, latest });
}

const rowsFile = (day: string) => `/transparency/log/${day}/rows.jsonl`;

/** What a row says, in a line: the kind and its main figures (the row's body has the rest). */
function useSummary() {
  const { t } = useTranslation();
  return (kind: string, data: Record<string, unknown>) => {
    const photos = Array.isArray(data.photos) ? data.photos.length : 0;
    switch (kind) {
      case "evidence":
        return t("publicLog.summary.evidence", { kind: t(`evidence.kind.${String(data.kind)}`), target: data.plot ?? t("evidence.stand", { stand: data.stand }), project: data.project, date: data.occurredOn, count: photos });
      case "patrol":
        return t("publicLog.summary.patrol", { project: data.project, date: data.occurredOn, count: photos });
      case "household_share":
        return t("publicLog.summary.householdShare", { order: data.order });
      default:
        return t("publicLog.summary.payoutBatch", { project: data.project, from: data.from, to: data.to, count: Number(data.households ?? 0) });
    }
  };
}

export default function PublicLog() {
  const { t } = useTranslation();
  const { days, pages, page, open, latest } = useLoaderData<typeof loader>();
  const date = useDateTime("Asia/Shanghai");
  const summary = useSummary();
  return (
    <section>
      <p className="muted">
        <Link to="/transparency">← {t("transparency.title")}</Link>
      </p>
      <h1>{t("publicLog.title")}</h1>
      <p>{t("publicLog.intro")}</p>
      <details>
        <summary>{t("publicLog.howTitle")}</summary>
        <p>{t("publicLog.how")}</p>
        <pre className="wrap">npm run log:verify -- --file sapling-public-log-YYYY-MM-DD.jsonl --root ROOT</pre>
      </details>

      <h2>{t("publicLog.daysTitle")}</h2>
      {open ? (
        <p className="notice" data-testid="log-open">
          {t("publicLog.open", { count: open.rows, seq: open.seq })} <code className="hash">{open.hash}</code>{" "}
          {open.days.map((day) => (
            <a key={day} href={rowsFile(day)} download className="button secondary">
              {t("publicLog.download", { day })}
            </a>
          ))}
        </p>
      ) : null}
      {days.length === 0 ? (
        <p className="notice">{t("publicLog.noDays")}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="log-days">
            <thead>
              <tr>
                <th>{t("publicLog.day")}</th>
                <th>{t("publicLog.rows")}</th>
                <th>{t("publicLog.root")}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {days.map((d) => (
                <tr key={d.day} data-testid="log-day">
                  <td>{d.day}</td>
                  <td>
                    {d.rows} (#{d.firstSeq}–#{d.lastSeq})
                  </td>
                  <td>
                    <code className="hash">{d.root}</code>
                  </td>
                  <td>
                    <a href={rowsFile(d.day)} download>
                      {t("publicLog.downloadShort")}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={page} pages={pages} />

      {latest.length ? (
        <>
          <h2>{t("publicLog.latestTitle")}</h2>
          <ol className="log-rows" data-testid="log-latest">
            {latest.map((row) => (
              <li key={row.seq} value={row.seq} data-testid="log-row">
                <span className="muted">{date(row.at)}</span> {summary(row.kind, row.data)} <code className="hash">{row.hash.slice(0, 16)}…</code>
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </section>
  );
}
