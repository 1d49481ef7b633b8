import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { IntentReply } from "~/components/intent-reply";
import { describeDevice } from "~/auth/device";
import { requireUser } from "~/auth/guards.server";
import { changePasswordOp, endOtherSessionsOp, endSessionOp, enrolTotpOp } from "~/auth/operations.server";
import { enrolment } from "~/auth/totp.server";
import { listSessions } from "~/auth/session.server";
import { useDateTime } from "~/components/time";
import { db } from "~/db/client.server";
import { intent, pageAction } from "~/utils/operation.server";
import { fieldProblems } from "~/utils/page-reply";

// Sign-in and security: where the account is signed in (ending the sessions one does not
// recognise), and changing the password.

export const handle = { i18n: ["auth", "security", "stepUp"] };

export const meta: MetaFunction = () => [{ title: "Sign-in and security · Sapling" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [sessions, me] = await Promise.all([
    listSessions(user),
    db().user.findUniqueOrThrow({ where: { id: user.id }, select: { timeZone: true, totpEnabledAt: true } }),
  ]);
  // Operators set up an authenticator (their money and energy decisions ask for its codes).
  const twoStep =
    user.role !== "OPERATOR" ? null : me.totpEnabledAt ? { enabledAt: me.totpEnabledAt.toISOString() } : { setUp: await enrolment(user) };
  return json({ sessions, timeZone: me.timeZone, twoStep });
}

export const action = (args: ActionFunctionArgs) =>
  pageAction(args, {
    end: intent(endSessionOp, { done: () => ({ message: "security.ended" }) }),
    endOthers: intent(endOtherSessionsOp, { done: (result) => ({ message: "security.endedOthers", params: { count: result.ended } }) }),
    totp: intent(enrolTotpOp, { done: () => ({ message: "stepUp.enabled" }) }),
    password: intent(changePasswordOp, { done: (result) => ({ message: "security.passwordChanged", params: { count: result.signedOut } }) }),
  });

export default function Security() {
  const { t } = useTranslation();
  const { sessions, timeZone, twoStep } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const formatTime = useDateTime(timeZone);
  const problems = fieldProblems(result);
  const others = sessions.filter((session) => !session.current).length;
  return (
    <section className="stack">
      <p>
        <Link to="/me">← {t("nav.me")}</Link>
      </p>
      <h1>{t("security.title")}</h1>

      <h2>{t("security.sessions")}</h2>
      <p className="muted">{t("security.sessionsHint")}</p>
      <IntentReply reply={result} about="end" />
      <IntentReply reply={result} about="endOthers" />
      <ul className="plain session-list">
        {sessions.map((session) => {
          const device = describeDevice(session.userAgent);
          const name =
            device.browser && device.system
              ? t("security.device", { browser: device.browser, system: device.system })
              : device.browser ?? (device.system ? t("security.browserOn", { system: device.system }) : t("security.unknownDevice"));
          return (
            <li key={session.id} data-testid="session" data-current={session.current}>
              <span className="session-text">
                <strong>{name}</strong> {session.current ? <span className="badge">{t("security.thisDevice")}</span> : null}
                <br />
                <span className="muted">
                  {t("security.seen", { signedIn: formatTime(session.createdAt), lastUsed: formatTime(session.lastSeenAt) })}
                  {session.ip ? ` · ${session.ip}` : ""}
                </span>
              </span>
              {session.current ? null : (
                <Form method="post" className="inline">
                  <input type="hidden" name="sessionId" value={session.id} />
                  <button type="submit" name="intent" value="end" className="secondary" disabled={busy}>
                    {t("security.end")}
                  </button>
                </Form>
              )}
            </li>
          );
        })}
      </ul>
      {others > 0 ? (
        <Form method="post">
          <button type="submit" name="intent" value="endOthers" className="secondary" disabled={busy}>
            {t("security.endOthers", { count: others })}
          </button>
        </Form>
      ) : (
        <p className="muted">{t("security.onlyHere")}</p>
      )}

      {twoStep ? (
        <>
          <h2>{t("stepUp.title")}</h2>
          <IntentReply reply={result} about="totp" />
          {"enabledAt" in twoStep ? (
            <p className="notice" data-testid="totp-on">
              {t("stepUp.on", { since: formatTime(twoStep.enabledAt) })}
            </p>
          ) : (
            <Form method="post" className="stack" data-testid="totp-setup">
              <input type="hidden" name="intent" value="totp" />
              <p>{t("stepUp.why")}</p>
              <ol className="stack">
                <li>
                  {t("stepUp.scan")}
                  <br />
                  <img src={twoStep.setUp.qr} alt={t("stepUp.qrAlt")} width={200} height={200} data-testid="totp-qr" />
                </li>
                <li>
                  {t("stepUp.orType")} <code data-testid="totp-secret" aria-label={twoStep.setUp.secret}>
                    {twoStep.setUp.secret.replace(/(.{4})(?=.)/g, "$1 ")}
                  </code>
                </li>
                <li>
                  <label>
                    {t("stepUp.first")}
                    <input name="code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" maxLength={6} required />
                  </label>
                </li>
              </ol>
              <button type="submit" disabled={busy}>
                {t("stepUp.turnOn")}
              </button>
            </Form>
          )}
        </>
      ) : null}

      <h2>{t("security.password")}</h2>
      <IntentReply reply={result} about="password" />
      <Form method="post" className="stack" key={result?.intent === "password" && result.ok ? "changed" : "form"}>
        <input type="hidden" name="intent" value="password" />
        <label>
          {t("security.currentPassword")}
          <input type="password" name="current" autoComplete="current-password" required maxLength={200} />
          {problems.current ? <span className="field-error">{t(problems.current)}</span> : null}
        </label>
        <label>
          {t("security.newPassword")}
          <input type="password" name="next" autoComplete="new-password" required minLength={8} maxLength={200} aria-describedby="next-hint" />
          <span className="muted" id="next-hint">
            {t("security.newPasswordHint")}
          </span>
          {result && !result.ok && result.intent === "password"
            ? (result.fieldErrors?.next ?? []).map((problem) => (
                <span key={problem} className="field-error" role="alert">
                  {t(problem)}
                </span>
              ))
            : null}
        </label>
        <button type="submit" disabled={busy}>
          {t("security.changePassword")}
        </button>
      </Form>
    </section>
  );
}
