import { json } from "@remix-run/node";
import { z } from "zod";
import { authenticate, WeakPassword } from "~/auth/accounts.server";
import { confirmSignup, requestSignup, SignupRefused } from "~/auth/signup.server";
import { loginSchema, signupSchema } from "~/auth/schemas";
import { changePasswordOp, endOtherSessionsOp, endSessionOp } from "~/auth/operations.server";
import { createSession, listSessions, revokeBearer, sessionOrigin } from "~/auth/session.server";
import { db } from "~/db/client.server";
import { actionBodySchema, applyPartnerAction, recordMalformedAction } from "~/energy/earn.server";
import { balanceOf, ForestAccessRefused, getForest, getFriendForest, listActivity } from "~/energy/forest.server";
import { listFriends, pendingRequests } from "~/energy/friends.server";
import { listLedger } from "~/energy/ledger.server";
import { adjustEnergyOp, answerFriend, requestFriend, reviewHeldBallsOp, takeEnergy, unfriend, useForestItem, waterFriendOp } from "~/energy/operations.server";
import { verifyPartner } from "~/energy/partners.server";
import { englishText } from "~/i18n/english.server";
import { i18nServer } from "~/i18n/i18next.server";
import { listCatalogue } from "~/projects/catalogue.server";
import { choicesOf, listNotifications } from "~/notifications/centre.server";
import { notificationText } from "~/notifications/deliver.server";
import { chooseNotifications, markNotificationsRead } from "~/notifications/operations.server";
import { certificateView, findCertificate } from "~/redemption/certificates.server";
import { contributeOp, joinTeamOp, leaveTeamOp, redeem, startTeam } from "~/redemption/operations.server";
import { getRedemption, redemptionView, viewOf } from "~/redemption/redeem.server";
import { getTeam, listMyTeams } from "~/redemption/teams.server";
import { ApiError, apiErrorResponse } from "~/utils/api.server";
import { publicOrigin } from "~/utils/download.server";
import { consume, RULES } from "~/utils/rate-limit.server";
import { command, endpoint } from "./endpoint.server";
import * as answers from "./schemas";

// Every /api/v1 endpoint, declared once. A route file serves some of these; openapi.server.ts
// makes the document from all of them.

const ok = (schema: z.ZodTypeAny, description = "Done") => ({ description, schema });
const notFound = (what: string) => ({ description: `No ${what} with that id (or not yours)`, schema: answers.problem });
const noContent = { description: "Done; no body" };
const id = z.string().min(1).max(100);

// ── Accounts and sessions ────────────────────────────────────────────────────────────────────

const signup = endpoint({
  method: "POST",
  path: "/api/v1/users",
  operationId: "accounts.signup",
  summary: "Ask for a consumer account: a link to finish it goes to the address (the answer is the same whether or not the address has an account)",
  tag: "accounts",
  auth: "none",
  body: signupSchema,
  example: { email: "new.reader@example.com", password: "a long pass phrase", displayName: "Reader" },
  answers: { 202: ok(answers.signupSent, "A mail is on its way to the address") },
  handle: async ({ body, request }) => {
    try {
      await requestSignup(body as z.infer<typeof signupSchema>, publicOrigin(request));
      return json({ status: "check_your_email" }, { status: 202 });
    } catch (error) {
      if (error instanceof WeakPassword) {
        const password = error.problems.map((key) => englishText(key));
        throw new ApiError(422, "invalid_fields", `Some fields are missing or invalid (password: ${password.join(" ")})`, { password });
      }
      throw error;
    }
  },
});

const confirmSignupLink = endpoint({
  method: "POST",
  path: "/api/v1/users/confirmations",
  operationId: "accounts.confirm",
  summary: "Finish an account with the token of the link mailed to its address (good once, for a day)",
  tag: "accounts",
  auth: "none",
  body: z.object({ token: z.string().min(1).max(100) }),
  example: { token: "<the token from the mailed link>" },
  answers: {
    201: ok(answers.created, "The account exists; sign in with POST /api/v1/sessions"),
    404: { description: "link_invalid: used, expired or never sent", schema: answers.problem },
    409: { description: "email_taken: another link for the address was used first", schema: answers.problem },
  },
  handle: async ({ body }) => {
    try {
      const user = await confirmSignup((body as { token: string }).token);
      return json({ id: user.id }, { status: 201 });
    } catch (error) {
      if (error instanceof SignupRefused) throw new ApiError(error.code === "email_taken" ? 409 : 404, error.code, englishText(`auth.refused.${error.code}`));
      throw error;
    }
  },
});

const login = endpoint({
  method: "POST",
  path: "/api/v1/sessions",
  operationId: "sessions.create",
  summary: "Sign in: a bearer token for the other endpoints (valid 30 days)",
  tag: "accounts",
  auth: "none",
  body: loginSchema,
  example: { email: "consumer@sapling.demo", password: "sapling-demo" },
  answers: { 201: ok(answers.token, "Signed in"), 401: { description: "invalid_credentials", schema: answers.problem } },
  handle: async ({ body, request }) => {
    const user = await authenticate(body as z.infer<typeof loginSchema>);
    if (!user) throw new ApiError(401, "invalid_credentials", "Email or password is wrong");
    return json({ token: await createSession(user.id, sessionOrigin(request)) }, { status: 201 });
  },
});

const logout = endpoint({
  method: "DELETE",
  path: "/api/v1/sessions",
  operationId: "sessions.revoke",
  summary: "Sign out: the bearer token sent stops working",
  tag: "accounts",
  auth: "none",
  answers: { 204: noContent },
  handle: async ({ request }) => {
    await revokeBearer(request);
    return new Response(null, { status: 204 });
  },
});

const me = endpoint({
  method: "GET",
  path: "/api/v1/me",
  operationId: "me.profile",
  summary: "Who you are",
  tag: "me",
  auth: "user",
  answers: { 200: ok(answers.profile, "Your profile") },
  handle: async ({ actor }) =>
    json(
      await db().user.findUniqueOrThrow({
        where: { id: actor!.id },
        select: { id: true, email: true, displayName: true, role: true, inviteCode: true, timeZone: true },
      }),
    ),
});

const mySessions = endpoint({
  method: "GET",
  path: "/api/v1/me/sessions",
  operationId: "sessions.list",
  summary: "Where you are signed in (browsers and apps), most recently used first",
  tag: "me",
  auth: "user",
  answers: { 200: ok(answers.sessions, "Your sessions; `current` is the one you called with") },
  handle: async ({ actor }) => json(await listSessions(actor!)),
});

const endMySession = command(endSessionOp, {
  method: "DELETE",
  path: "/api/v1/me/sessions/{id}",
  tag: "me",
  params: z.object({ id }),
  input: (_, params) => ({ sessionId: params.id }),
  answers: { 204: noContent },
  answer: () => new Response(null, { status: 204 }),
});

const endOtherSessions = command(endOtherSessionsOp, {
  method: "POST",
  path: "/api/v1/me/sessions/end-others",
  tag: "me",
  answers: { 200: ok(answers.sessionsEnded, "Every other session is signed out") },
  answer: (result) => json(result),
});

const changePassword = command(changePasswordOp, {
  method: "POST",
  path: "/api/v1/me/password",
  tag: "me",
  body: changePasswordOp.input,
  example: { current: "sapling-demo", next: "a new and longer pass phrase" },
  answers: { 200: ok(answers.passwordChanged, "Changed; your other sessions are signed out") },
  answer: (result) => json(result),
});

// ── Energy ───────────────────────────────────────────────────────────────────────────────────

const myForest = endpoint({
  method: "GET",
  path: "/api/v1/me/forest",
  operationId: "me.forest",
  summary: "Your balance, energy balls, items and streak",
  tag: "energy",
  auth: "user",
  answers: { 200: ok(answers.forest, "Your forest") },
  handle: async ({ actor }) => json(await getForest(actor!.id)),
});

const ledger = endpoint({
  method: "GET",
  path: "/api/v1/me/energy-ledger",
  operationId: "me.energy-ledger",
  summary: "Every movement of your energy, newest first, a page at a time",
  tag: "energy",
  auth: "user",
  query: z.object({
    cursor: z.string().max(18, "errors.generic").regex(/^\d{1,18}$/, "errors.generic").optional().describe("nextCursor of the previous page"),
    limit: z.coerce.number().int("errors.generic").min(1, "errors.generic").max(200, "errors.generic").default(50),
  }),
  answers: { 200: ok(answers.ledgerPage, "One page") },
  handle: async ({ actor, query }) => {
    const { cursor, limit } = query as { cursor?: string; limit: number };
    return json(await listLedger(actor!.id, cursor ? BigInt(cursor) : null, limit));
  },
});

const myFeed = endpoint({
  method: "GET",
  path: "/api/v1/me/feed",
  operationId: "me.feed",
  summary: "What happened in your forest lately: collections, friends' visits, redemptions",
  tag: "energy",
  auth: "user",
  answers: { 200: ok(answers.feed, "Recent activity") },
  handle: async ({ actor }) => json({ activity: await listActivity(actor!.id) }),
});

// ── Notifications ────────────────────────────────────────────────────────────────────────────

const myNotifications = endpoint({
  method: "GET",
  path: "/api/v1/me/notifications",
  operationId: "notifications.list",
  summary: "Your notifications, newest first, 30 a page, with what is unread",
  tag: "me",
  auth: "user",
  query: z.object({ page: z.coerce.number().int("errors.generic").min(1, "errors.generic").max(1_000_000, "errors.generic").default(1) }),
  answers: { 200: ok(answers.notificationsPage, "One page") },
  handle: async ({ actor, query }) => {
    const { page } = query as { page: number };
    const { notifications, pages } = await listNotifications(actor!.id, page);
    return json({ notifications: notifications.map((n) => ({ ...n, text: notificationText("en", n.kind, n.params) })), page, pages });
  },
});

const readNotifications = command(markNotificationsRead, {
  method: "POST",
  path: "/api/v1/me/notifications/read",
  tag: "me",
  body: markNotificationsRead.input,
  example: { ids: ["<a notification id>"] },
  answers: { 200: ok(answers.notificationsMarked, "How many were unread and are now read; without ids, all of yours") },
  answer: (result) => json(result),
});

const myNotificationChoices = endpoint({
  method: "GET",
  path: "/api/v1/me/notification-choices",
  operationId: "notifications.choices",
  summary: "What you hear about and how, per kind (ALL: here and by email; IN_APP; OFF)",
  tag: "me",
  auth: "user",
  answers: { 200: ok(answers.notificationChoices, "Your choices, the defaults where you made none") },
  handle: async ({ actor }) => json(await choicesOf(actor!.id, actor!.role)),
});

const chooseMyNotifications = command(chooseNotifications, {
  method: "POST",
  path: "/api/v1/me/notification-choices",
  tag: "me",
  body: chooseNotifications.input,
  example: { energy_taken: "OFF", gift_received: "ALL" },
  answers: { 200: ok(answers.notificationChoices, "Saved; every choice as it is now") },
  answer: (result) => json(result),
});

const collectBall = command(takeEnergy, {
  method: "POST",
  path: "/api/v1/balls/{ballId}/collect",
  tag: "energy",
  params: z.object({ ballId: id }),
  answers: { 200: ok(answers.taken, "Taken: stolen says whether it was a friend's") },
  answer: (taken) => json(taken),
});

const useItem = (item: "cover" | "double_card", slug: string) =>
  command(useForestItem, {
    method: "POST",
    path: `/api/v1/me/items/${slug}`,
    tag: "energy",
    input: () => ({ item }),
    answers: { 200: ok(answers.itemUsed, "In force until") },
    answer: (used) => json(used),
  });

const adjustEnergy = command(adjustEnergyOp, {
  method: "POST",
  path: "/api/v1/ops/energy-adjustments",
  tag: "operations",
  body: z.object({
    userId: id,
    grams: z.number().int(),
    reason: z.string().min(3).max(500),
    idempotencyKey: z.string().min(8).max(100),
    totp: z.string().max(12).optional().describe("a current code from your authenticator app; not needed for ten minutes after one was accepted in this session"),
  }),
  example: { userId: "<a user's id>", grams: 500, reason: "goodwill after the outage", idempotencyKey: "adjust-0001" },
  // By user id only: the page finds people by email.
  input: (body) => ({ ...body, email: undefined }),
  answers: { 201: ok(answers.adjustment, "Applied"), 200: ok(answers.adjustment, "This key was used before; nothing changed") },
  answer: (result) => json(result, { status: result.applied ? 201 : 200 }),
});

const reviewHeldBalls = command(reviewHeldBallsOp, {
  method: "POST",
  path: "/api/v1/ops/energy-reviews",
  tag: "operations",
  body: reviewHeldBallsOp.input,
  example: { ballIds: ["<a held ball's id>"], decision: "release" },
  answers: { 200: ok(answers.review, "Decided: released balls ripen as usual, rejected ones never were energy") },
  answer: (result) => json(result),
});

// ── Friends ──────────────────────────────────────────────────────────────────────────────────

const friendList = endpoint({
  method: "GET",
  path: "/api/v1/friends",
  operationId: "friends.list",
  summary: "Your friends (with what is ripe in their forests) and pending requests",
  tag: "friends",
  auth: "user",
  answers: { 200: ok(answers.friends, "Friends and requests") },
  handle: async ({ actor }) => {
    const [friends, requests] = await Promise.all([listFriends(actor!.id), pendingRequests(actor!.id)]);
    return json({ friends, requests });
  },
});

const friendForest = endpoint({
  method: "GET",
  path: "/api/v1/friends/{userId}/forest",
  operationId: "friends.forest",
  summary: "A friend's forest: what you may take from each ball now",
  tag: "friends",
  auth: "user",
  params: z.object({ userId: id }),
  answers: { 200: ok(answers.friendForest, "Their forest"), 403: { description: "not_friends", schema: answers.problem }, 404: notFound("user") },
  handle: async ({ actor, params }) => {
    try {
      return json(await getFriendForest(actor!.id, params.userId!));
    } catch (error) {
      if (!(error instanceof ForestAccessRefused)) throw error;
      if (error.code === "not_found") throw new ApiError(404, "not_found", "No such user");
      throw new ApiError(403, "not_friends", "You can only see the forests of friends");
    }
  },
});

const askFriend = command(requestFriend, {
  method: "POST",
  path: "/api/v1/friend-requests",
  tag: "friends",
  body: requestFriend.input,
  example: { email: "guardian@sapling.demo" },
  answers: { 201: ok(answers.friendRequested, "Asked (ACCEPTED when they had asked you)") },
  answer: (asked) => json({ id: asked.id, status: asked.status }, { status: 201 }),
});

const answerRequest = (accept: boolean) =>
  command(answerFriend, {
    method: "POST",
    path: `/api/v1/friend-requests/{id}/${accept ? "accept" : "decline"}`,
    tag: "friends",
    params: z.object({ id }),
    input: (_, params) => ({ requestId: params.id, accept }),
    answers: { 200: ok(answers.friendAnswered, "Answered") },
    answer: (answered) => json(answered),
  });

const removeFriend = command(unfriend, {
  method: "DELETE",
  path: "/api/v1/friends/{userId}",
  tag: "friends",
  params: z.object({ userId: id }),
  input: (_, params) => ({ friendId: params.userId }),
  answers: { 204: noContent },
  answer: () => new Response(null, { status: 204 }),
});

const water = command(waterFriendOp, {
  method: "POST",
  path: "/api/v1/friends/{userId}/water",
  tag: "friends",
  params: z.object({ userId: id }),
  body: waterFriendOp.input.pick({ grams: true }),
  example: { grams: 10 },
  input: (body, params) => ({ grams: body.grams, friendId: params.userId }),
  answers: { 200: ok(answers.watered, "Given; your balance after") },
  answer: (watered) => json(watered),
});

// ── Projects, redemptions, certificates ──────────────────────────────────────────────────────

const projectList = endpoint({
  method: "GET",
  path: "/api/v1/projects",
  operationId: "projects.list",
  summary: "The projects you can redeem energy for, names in the language of Accept-Language",
  tag: "projects",
  auth: "optional",
  answers: { 200: ok(answers.projects, "The catalogue") },
  handle: async ({ request, actor }) => {
    const locale = await i18nServer.getLocale(request);
    const projects = await listCatalogue(locale, await balanceOf(actor));
    return json(
      projects.map(({ id, slug, kind, name, unitCostGrams, capacity, remaining, state, energyLack }) => ({
        ...{ id, slug, kind, name, unitCostGrams, capacity, remaining, state },
        ...(actor ? { energyLack } : {}),
      })),
    );
  },
});

const redemptionAnswer = ok(answers.redemption, "Accepted: PENDING until the settlement worker reaches it, in arrival order");

const requestRedemption = command(redeem, {
  method: "POST",
  path: "/api/v1/redemptions",
  tag: "projects",
  body: redeem.input,
  example: { projectId: "<a project's id>", quantity: 1, idempotencyKey: "redeem-0001" },
  answers: { 202: redemptionAnswer },
  answer: async (created, _, actor) => json(await viewOf(created, actor), { status: 202 }),
});

const redemption = endpoint({
  method: "GET",
  path: "/api/v1/redemptions/{id}",
  operationId: "redemptions.get",
  summary: "One of your redemptions: settled ones carry the plots and the certificate number",
  tag: "projects",
  auth: "user",
  params: z.object({ id }),
  answers: { 200: ok(answers.redemption, "The redemption"), 404: notFound("redemption") },
  handle: async ({ actor, params }) => {
    const found = await getRedemption(params.id!, actor!);
    if (!found) throw new ApiError(404, "not_found", "No redemption with that id");
    return json(redemptionView(found));
  },
});

const certificate = endpoint({
  method: "GET",
  path: "/api/v1/certificates/{number}",
  operationId: "certificates.verify",
  summary: "Public: verify a certificate by its number",
  tag: "projects",
  auth: "none",
  params: z.object({ number: z.string().min(1).max(64) }),
  answers: { 200: ok(answers.certificate, "The certificate"), 404: notFound("certificate") },
  handle: async ({ params }) => {
    const found = await findCertificate(params.number!);
    if (!found) throw new ApiError(404, "not_found", "No certificate with that number");
    return json(certificateView(found));
  },
});

// ── Co-planting teams ────────────────────────────────────────────────────────────────────────

const myTeams = endpoint({
  method: "GET",
  path: "/api/v1/teams",
  operationId: "teams.list",
  summary: "The teams you are in",
  tag: "teams",
  auth: "user",
  answers: { 200: ok(answers.teamSummaries, "Your teams") },
  handle: async ({ actor }) => {
    const teams = await listMyTeams(actor!.id);
    return json(teams.map((t) => ({ id: t.id, name: t.name, status: t.status, projectId: t.projectId, pooledGrams: t.pooledGrams, targetGrams: t.targetGrams })));
  },
});

const createTeam = command(startTeam, {
  method: "POST",
  path: "/api/v1/teams",
  tag: "teams",
  body: startTeam.input,
  example: { projectId: "<a project's id>", name: "Our first tree" },
  answers: { 201: ok(answers.teamCreated, "Started; open for 7 days") },
  answer: (team) => json({ id: team.id, targetGrams: team.targetGrams, expiresAt: team.expiresAt.toISOString() }, { status: 201 }),
});

const team = endpoint({
  method: "GET",
  path: "/api/v1/teams/{id}",
  operationId: "teams.get",
  summary: "A team: members, pool, and its redemption once full (for its members, or with the invite from its link)",
  tag: "teams",
  auth: "user",
  params: z.object({ id }),
  query: z.object({ invite: z.string().max(64).optional() }),
  answers: { 200: ok(answers.team, "The team"), 404: notFound("team") },
  handle: async ({ params, query, actor }) => {
    const found = await getTeam(params.id!, { userId: actor!.id, invite: (query as { invite?: string }).invite });
    if (!found) throw new ApiError(404, "team_not_found", "That team does not exist.");
    return json(found);
  },
});

const teamPath = (command: string) => `/api/v1/teams/{id}/${command}`;

const joinTeam = command(joinTeamOp, {
  method: "POST",
  path: teamPath("join"),
  tag: "teams",
  params: z.object({ id }),
  body: z.object({ invite: z.string().max(64) }),
  example: { invite: "<the invite from the team's link>" },
  input: (body, params) => ({ teamId: params.id, invite: body.invite }),
  answers: { 200: ok(answers.teamJoined, "Joined") },
  answer: (joined) => json(joined),
});

const leaveTeam = command(leaveTeamOp, {
  method: "POST",
  path: teamPath("leave"),
  tag: "teams",
  params: z.object({ id }),
  input: (_, params) => ({ teamId: params.id }),
  answers: { 200: ok(answers.teamLeft, "Left; your pooled energy is back (the creator leaving disbands the team)") },
  answer: (left) => json(left),
});

const contribute = command(contributeOp, {
  method: "POST",
  path: teamPath("contributions"),
  tag: "teams",
  params: z.object({ id }),
  body: contributeOp.input.pick({ grams: true }),
  example: { grams: 100 },
  input: (body, params) => ({ grams: body.grams, teamId: params.id }),
  answers: { 201: ok(answers.contribution, "Pooled (full: the team redeems now)") },
  answer: (result) => json(result, { status: 201 }),
});

// ── Partners ─────────────────────────────────────────────────────────────────────────────────

const SIGNATURE_MESSAGES = {
  unknown_partner: "Unknown Sapling-Partner key id",
  malformed_signature: "Sapling-Signature must be t=<unix seconds>,v1=<hex HMAC-SHA256>",
  signature_expired: "The signature is more than 5 minutes old (or ahead)",
  bad_signature: "The signature does not match the body",
} as const;

const partnerAction = endpoint({
  method: "POST",
  path: "/api/v1/partner/actions",
  operationId: "partner.report-action",
  summary: "Partners: report a user's low-carbon action; a repeated id answers as the first time",
  tag: "partners",
  auth: "partner",
  body: actionBodySchema,
  example: { id: "trip-20261202-0001", user: "consumer@sapling.demo", type: "metro_ride", occurredAt: "2026-12-02T08:30:00+08:00" },
  answers: {
    201: ok(answers.partnerAnswer, "A ball grows, or none because a cap was reached"),
    404: { description: "unknown_user", schema: answers.problem },
    422: { description: "unknown_type, too_old, in_future", schema: answers.problem },
  },
  handle: async ({ request }) => {
    const rawBody = await request.text();
    const verified = await verifyPartner(request.headers.get("Sapling-Partner"), request.headers.get("Sapling-Signature"), rawBody);
    if (!verified.ok) throw new ApiError(401, verified.problem, SIGNATURE_MESSAGES[verified.problem]);
    // Counted once the signature holds: nobody else can spend a partner's allowance.
    await consume(RULES.partner(), verified.partnerId);
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawBody);
    } catch {
      parsed = undefined;
    }
    const body = actionBodySchema.safeParse(parsed);
    if (!body.success) {
      const fields = body.error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; ");
      const message = parsed === undefined ? "The body is not valid JSON" : `Malformed fields (${fields})`;
      await recordMalformedAction(verified.partnerId, message, { status: 400, body: { error: { code: "invalid_fields", message } } });
      return apiErrorResponse(400, parsed === undefined ? "malformed_json" : "invalid_fields", message);
    }
    const answer = await applyPartnerAction(verified.partnerId, body.data);
    return json(answer.body, { status: answer.status });
  },
});

export const endpoints = {
  signup,
  confirmSignupLink,
  login,
  logout,
  me,
  mySessions,
  endMySession,
  endOtherSessions,
  changePassword,
  myForest,
  myNotifications,
  readNotifications,
  myNotificationChoices,
  chooseMyNotifications,
  ledger,
  myFeed,
  collectBall,
  useCover: useItem("cover", "cover"),
  useDoubleCard: useItem("double_card", "double-card"),
  adjustEnergy,
  reviewHeldBalls,
  friendList,
  friendForest,
  askFriend,
  acceptRequest: answerRequest(true),
  declineRequest: answerRequest(false),
  removeFriend,
  water,
  projectList,
  requestRedemption,
  redemption,
  certificate,
  myTeams,
  createTeam,
  team,
  joinTeam,
  leaveTeam,
  contribute,
  partnerAction,
};
