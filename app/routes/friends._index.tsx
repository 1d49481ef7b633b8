import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/auth/guards.server";
import { Countdown } from "~/components/countdown";
import { useGrams } from "~/components/grams";
import { useDateTime } from "~/components/time";
import { db } from "~/db/client.server";
import { friendsLeaderboard, listFriends, normaliseInviteCode, pendingRequests } from "~/energy/friends.server";
import { answerFriend, requestFriend } from "~/energy/operations.server";
import { intent, pageAction } from "~/utils/operation.server";
import { LEADERBOARD_PERIODS } from "~/energy/leaderboard";
import { ShareLink } from "~/components/share-link";
import { publicOrigin } from "~/utils/download.server";
import { qrImage } from "~/utils/qr.server";

// The message sections this page shows (besides the shared ones); checked by tests/unit/message-sections.test.ts.
export const handle = { i18n: ["demo", "forest", "friends", "ops", "share", "stepUp", "time"] };

export const meta: MetaFunction = () => [{ title: "Friends · Sapling" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const asked = new URL(request.url).searchParams.get("period");
  const period = LEADERBOARD_PERIODS.find((p) => p === asked) ?? "today";
  const [friends, requests, leaderboard, me] = await Promise.all([
    listFriends(user.id),
    pendingRequests(user.id),
    friendsLeaderboard(user.id, period),
    db().user.findUniqueOrThrow({ where: { id: user.id }, select: { inviteCode: true, timeZone: true } }),
  ]);
  // The link to pass on, and someone else's that brought this user here (?invite=CODE).
  const link = `${publicOrigin(request)}/friends?invite=${me.inviteCode}`;
  const code = normaliseInviteCode(new URL(request.url).searchParams.get("invite") ?? "");
  const inviter = code && code !== me.inviteCode ? await db().user.findUnique({ where: { inviteCode: code }, select: { id: true, displayName: true } }) : null;
  const invitedBy = !code || code === me.inviteCode ? null : inviter ? { code, name: inviter.displayName, already: friends.some((f) => f.id === inviter.id) } : { code, name: null, already: false };
  return json({ friends, requests, leaderboard, inviteCode: me.inviteCode, timeZone: me.timeZone, myId: user.id, link, qr: await qrImage(link), invitedBy });
}

const target = (fields: Record<string, string>) => {
  const text = (fields.target ?? "").trim();
  return text.includes("@") ? { email: text } : { inviteCode: text || undefined };
};

export const action = (args: ActionFunctionArgs) =>
  pageAction(args, {
  request: intent(requestFriend, { input: target, done: (sent) => ({ message: sent.status === "ACCEPTED" ? "friends.nowFriends" : sent.byEmail ? "friends.requestSentByEmail" : "friends.requestSent" }) }),
  accept: intent(answerFriend, { input: (fields) => ({ requestId: fields.requestId, accept: true }), done: () => ({ message: "friends.nowFriends" }) }),
  decline: intent(answerFriend, { input: (fields) => ({ requestId: fields.requestId, accept: false }), done: () => ({ message: "friends.declined" }) }),
});

export default function Friends() {
  const { t } = useTranslation();
  const { friends, requests, leaderboard, inviteCode, timeZone, myId, link, qr, invitedBy } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const grams = useGrams();
  const formatTime = useDateTime(timeZone);
  return (
    <section>
      <h1>{t("friends.title")}</h1>
      {result ? (
        <p role="status" className={result.ok ? "notice" : "field-error"}>
          {result.ok ? t(result.message, { ...result.params }) : t(result.error, { ...result.params })}
        </p>
      ) : null}
      {invitedBy && !result ? (
        invitedBy.name ? (
          <div className="notice stack" data-testid="invited-by">
            <p>{invitedBy.already ? t("friends.invite.already", { name: invitedBy.name }) : t("friends.invite.from", { name: invitedBy.name })}</p>
            {invitedBy.already ? null : (
              <Form method="post">
                <input type="hidden" name="intent" value="request" />
                <input type="hidden" name="target" value={invitedBy.code} />
                <button type="submit" disabled={busy}>
                  {t("friends.invite.accept", { name: invitedBy.name })}
                </button>
              </Form>
            )}
          </div>
        ) : (
          <p className="notice" role="alert" data-testid="invited-by">
            {t("friends.invite.unknown")}
          </p>
        )
      ) : null}
      <Form method="post" className="row">
        <input type="hidden" name="intent" value="request" />
        <label>
          {t("friends.addLabel")}
          <input name="target" placeholder={t("friends.addPlaceholder")} required maxLength={254} />
        </label>
        <button type="submit" disabled={busy}>
          {t("friends.add")}
        </button>
      </Form>
      <details className="invite">
        <summary>
          {t("friends.yourCode")} <code data-testid="invite-code">{inviteCode}</code>
        </summary>
        <ShareLink link={link} label={t("friends.invite.link")} title={t("friends.invite.title")} qr={qr} />
      </details>

      {requests.incoming.length ? (
        <>
          <h2>{t("friends.incoming")}</h2>
          <ul className="plain">
            {requests.incoming.map((r) => (
              <li key={r.id} data-testid="incoming-request">
                {r.displayName}{" "}
                <Form method="post" className="inline">
                  <input type="hidden" name="requestId" value={r.id} />
                  <button type="submit" name="intent" value="accept" disabled={busy}>
                    {t("friends.accept")}
                  </button>{" "}
                  <button type="submit" name="intent" value="decline" className="secondary" disabled={busy}>
                    {t("friends.decline")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {requests.outgoing.length ? (
        <p className="muted">{t("friends.waiting", { names: requests.outgoing.map((r) => r.displayName).join(", ") })}</p>
      ) : null}

      <h2>{t("friends.list")}</h2>
      {friends.length === 0 ? (
        <p className="notice">{t("friends.empty")}</p>
      ) : (
        // Ranked as in Ant Forest: ripe energy to take first, then whoever ripens soonest.
        <ol className="friend-list">
          {friends.map((friend, i) => (
            <li key={friend.id} data-testid="friend" data-ripe={friend.ripeGrams > 0 || undefined}>
              <Link to={`/friends/${friend.id}`}>
                <span className="rank">{i + 1}</span>
                <span className="name">{friend.displayName}</span>
                {friend.ripeGrams > 0 ? (
                  <span className="badge ripe" data-testid="ripe-marker">
                    <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">
                      <circle cx="12" cy="12" r="8" fill="#5cc052" />
                    </svg>
                    {t("friends.ripeNow", { grams: grams(friend.ripeGrams) })}
                  </span>
                ) : friend.nextRipensAt ? (
                  <span className="muted">
                    {t("friends.ripeSoon")} <Countdown to={friend.nextRipensAt} fallback={formatTime(friend.nextRipensAt)} />
                  </span>
                ) : (
                  <span className="muted">{t("friends.nothingGrowing")}</span>
                )}
              </Link>
            </li>
          ))}
        </ol>
      )}

      <h2>{t("friends.leaderboard")}</h2>
      <nav className="segmented" aria-label={t("friends.leaderboardPeriod")}>
        {LEADERBOARD_PERIODS.map((p) => (
          <Link key={p} to={`?period=${p}`} aria-current={leaderboard.period === p ? "page" : undefined} data-testid={`period-${p}`}>
            {t(`friends.period.${p}`)}
          </Link>
        ))}
      </nav>
      <div className="row top">
        <div>
          <h3>{t("friends.byEnergy")}</h3>
          <ol data-testid="leaderboard-energy" data-period={leaderboard.period}>
            {leaderboard.byEnergy.map((entry) => (
              <li key={entry.id} className={entry.id === myId ? "me" : ""}>
                {entry.displayName} · {grams(entry.totalGrams)}
              </li>
            ))}
          </ol>
        </div>
        <div>
          <h3>{t("friends.byTrees")}</h3>
          <ol data-testid="leaderboard-trees">
            {leaderboard.byTrees.map((entry) => (
              <li key={entry.id} className={entry.id === myId ? "me" : ""}>
                {entry.displayName} · {t("friends.trees", { count: entry.trees })}
              </li>
            ))}
          </ol>
        </div>
      </div>
    </section>
  );
}
