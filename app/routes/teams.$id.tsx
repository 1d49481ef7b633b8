import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/auth/guards.server";
import { useGrams } from "~/components/grams";
import { ShareLink } from "~/components/share-link";
import { useDateTime } from "~/components/time";
import { contributeOp, joinTeamOp, leaveTeamOp } from "~/redemption/operations.server";
import { getTeam, TEAM_RULES } from "~/redemption/teams.server";
import { publicOrigin } from "~/utils/download.server";
import { qrImage } from "~/utils/qr.server";
import { intent, pageAction } from "~/utils/operation.server";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["forest", "friends", "projectForm", "projects", "reconciliation", "redemption", "share", "teams"] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.team.name ?? ""} · Sapling` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const invite = new URL(request.url).searchParams.get("invite") ?? undefined;
  const team = await getTeam(params.id!, { userId: user.id, invite });
  if (!team) throw new Response("Not found", { status: 404 });
  // The link members pass on: this page's address with the team's invite.
  const link = team.inviteToken ? `${publicOrigin(request)}/teams/${team.id}?invite=${team.inviteToken}` : null;
  return json({ team, me: user.id, dailyCap: TEAM_RULES.dailyCapPerMember, invite: invite ?? null, link, qr: link ? await qrImage(link) : null });
}

export const action = (args: ActionFunctionArgs) =>
  pageAction(args, {
    join: intent(joinTeamOp, { input: (fields, params) => ({ teamId: params.id, invite: fields.invite }), done: () => ({ message: "teams.joined", params: { grams: 0 } }) }),
    leave: intent(leaveTeamOp, { input: (_, params) => ({ teamId: params.id }), done: () => ({ message: "teams.left", params: { grams: 0 } }) }),
    contribute: intent(contributeOp, {
      input: (fields, params) => ({ grams: fields.grams, teamId: params.id }),
      done: (result) => ({ message: result.full ? "teams.full" : "teams.contributed", params: { grams: result.grams } }),
    }),
  });

export default function TeamPage() {
  const { t, i18n } = useTranslation();
  const { team, me, dailyCap, invite, link, qr } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const [confirmLeave, setConfirmLeave] = useState(false);
  const grams = useGrams();
  const formatTime = useDateTime("Asia/Shanghai");
  const member = team.members.some((m) => m.userId === me);
  const open = team.status === "OPEN";
  return (
    <section>
      <h1>{team.name}</h1>
      <p className="muted">
        {i18n.language === "en" ? team.project.nameEn : team.project.nameZh} · <span className="badge">{t(`teams.status.${team.status}`)}</span>
      </p>
      <p data-testid="team-pool">
        {t("teams.pool", { pooled: grams(team.pooledGrams), target: grams(team.targetGrams) })}
      </p>
      <progress max={team.targetGrams} value={team.pooledGrams} style={{ width: "100%" }} />
      {open ? <p className="muted">{t("teams.until", { time: formatTime(team.expiresAt) })}</p> : null}
      {team.redemption?.certificateNumber ? (
        <p>
          {t("redemption.certificate")}:{" "}
          <Link to={`/certificates/${team.redemption.certificateNumber}`} data-testid="team-certificate">
            <code>{team.redemption.certificateNumber}</code>
          </Link>
        </p>
      ) : team.status === "REDEEMED" ? (
        <p className="muted">
          <span className="spinner" /> {t("redemption.PENDING")}
        </p>
      ) : null}
      {result ? (
        <p role="status" className={result.ok ? "notice" : "field-error"}>
          {result.ok ? t(result.message, { grams: grams(Number(result.params?.grams ?? 0)) }) : t(result.error, { ...result.params })}
        </p>
      ) : null}
      <h2>{t("teams.members")}</h2>
      <ul className="plain">
        {team.members.map((m) => (
          <li key={m.userId} data-testid="team-member">
            {m.displayName} · {grams(m.pooledGrams)}
          </li>
        ))}
      </ul>
      {open && member ? (
        <Form method="post" className="row">
          <input type="hidden" name="intent" value="contribute" />
          <label>
            {t("teams.amount", { cap: grams(dailyCap) })}
            <input name="grams" type="number" min={1} max={dailyCap} step={1} required />
          </label>
          <button type="submit" disabled={busy}>
            {t("teams.contribute")}
          </button>
        </Form>
      ) : null}
      {open && !member ? (
        <Form method="post">
          <input type="hidden" name="invite" value={invite ?? ""} />
          <button type="submit" name="intent" value="join" disabled={busy}>
            {t("teams.join")}
          </button>
        </Form>
      ) : null}
      {open && member ? (
        confirmLeave ? (
          <Form method="post" className="row">
            <span>{t("teams.leaveConfirm")}</span>
            <button type="submit" name="intent" value="leave" disabled={busy}>
              {t("teams.leave")}
            </button>
            <button type="button" className="secondary" onClick={() => setConfirmLeave(false)}>
              {t("projects.back")}
            </button>
          </Form>
        ) : (
          <p>
            <button type="button" className="secondary" onClick={() => setConfirmLeave(true)}>
              {t("teams.leave")}
            </button>
          </p>
        )
      ) : null}
      {link && open ? <ShareLink link={link} label={t("teams.share")} title={team.name} qr={qr ?? undefined} /> : null}
    </section>
  );
}
