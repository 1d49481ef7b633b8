import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { takeFromBall } from "~/energy/take.server";
import { waterFriend } from "~/energy/watering.server";
import { sendQueuedMail } from "~/mail/mail.server";
import { listNotifications, markRead, saveChoices, unreadCount } from "~/notifications/centre.server";
import type { NotificationEvent } from "~/notifications/event";
import { requestRedemption } from "~/redemption/redeem.server";
import { settleProject } from "~/redemption/settle.server";
import { processNotifications } from "../../workers/notifications.worker";
import { createBall, createTestProject, createTestUser, makeFriends } from "../support/factories";
import { mailText, useSmtpServer } from "../support/smtp";

// Notifications as the worker makes them: from the outbox rows the deciding transactions wrote,
// through the notify job (run here as the worker runs it, twice, to show it is idempotent), to the
// centre and, for those who chose mail, a real SMTP server this test starts.

const received = useSmtpServer();

/** The notification outbox rows written for `userId`, as the relay would hand them to the worker. */
async function eventsFor(userId: string): Promise<NotificationEvent[]> {
  const rows = await db().outboxEvent.findMany({ where: { topic: "notification" }, orderBy: { id: "asc" } });
  return rows.map((row) => row.payload as NotificationEvent).filter((event) => Array.isArray(event.to) && event.to.includes(userId));
}

/** Runs each event's job as BullMQ would (at least once: here twice), then sends the mail it queued. */
async function deliver(events: NotificationEvent[]) {
  for (const event of events) {
    await processNotifications({ name: "notify", data: event });
    await processNotifications({ name: "notify", data: event });
  }
  const mails = await db().mail.findMany({ where: { status: "QUEUED", kind: { startsWith: "notify-" } } });
  for (const mail of mails) await sendQueuedMail(mail.id);
}

const mailsTo = (email: string) => received.filter((mail) => mail.to.includes(email));

describe("notifications", () => {
  it("tells a gift's recipient who gave what, with the giver's message, in the centre and by mail, once", async () => {
    const [giver, recipient] = [await createTestUser({ grams: 50_000 }), await createTestUser()];
    await db().user.update({ where: { id: giver.id }, data: { displayName: "Mei" } });
    await makeFriends(giver.id, recipient.id);
    const project = await createTestProject({ capacity: 20, unitCostGrams: 1_000 });
    const redemption = await requestRedemption({
      userId: giver.id,
      projectId: project.id,
      quantity: 2,
      idempotencyKey: randomUUID(),
      giftToUserId: recipient.id,
      giftMessage: "Happy birthday, little sister!",
    });
    await settleProject(project.id);

    // The recipient's feed says so, beside the giver's.
    const feed = await db().activity.findMany({ where: { userId: recipient.id } });
    expect(feed.map((a) => ({ kind: a.kind, actorId: a.actorId, units: a.units }))).toEqual([{ kind: "GIFT_RECEIVED", actorId: giver.id, units: 2 }]);

    await deliver(await eventsFor(recipient.id));
    const { notifications } = await listNotifications(recipient.id, 1);
    const { certificateNumber } = await db().redemption.findUniqueOrThrow({ where: { id: redemption.id } });
    expect(notifications).toEqual([
      expect.objectContaining({
        kind: "gift_received",
        read: false,
        params: expect.objectContaining({
          actor: "Mei",
          units: 2,
          message: "Happy birthday, little sister!",
          project: { zh: project.nameZh, en: project.nameEn },
          href: `/certificates/${certificateNumber}`,
        }),
      }),
    ]);
    expect(await unreadCount(recipient.id)).toBe(1);

    // Gifts are mailed unless the recipient chose otherwise: one mail, however often the job ran.
    const mails = mailsTo(recipient.email);
    expect(mails).toHaveLength(1);
    const body = mailText(mails[0]!);
    expect(body).toContain(`Mei gave you 2 trees of ${project.nameEn}`);
    expect(body).toContain("Happy birthday, little sister!");
    expect(body).toContain(`/certificates/${certificateNumber}`);
    // The giver is not told of their own gift.
    expect(await eventsFor(giver.id)).toEqual([]);
  });

  it("tells an owner a friend took energy, or was stopped by the cover, in the centre only unless they ask for mail", async () => {
    const [owner, thief] = [await createTestUser(), await createTestUser()];
    await db().user.update({ where: { id: thief.id }, data: { displayName: "Bo" } });
    await makeFriends(owner.id, thief.id);
    const ball = await createBall(owner.id, { grams: 100, ripe: true });
    const taken = await takeFromBall(thief.id, ball.id, () => 0.5);
    const covered = await createBall(owner.id, { grams: 100, ripe: true });
    await db().user.update({ where: { id: owner.id }, data: { coverUntil: new Date(Date.now() + 3600_000) } });
    // Two tries against the cover are one notice.
    await expect(takeFromBall(thief.id, covered.id)).rejects.toMatchObject({ code: "protected" });
    await expect(takeFromBall(thief.id, covered.id)).rejects.toMatchObject({ code: "protected" });

    await deliver(await eventsFor(owner.id));
    const { notifications } = await listNotifications(owner.id, 1);
    expect(notifications.map((n) => [n.kind, n.params.actor, n.params.grams])).toEqual([
      ["energy_blocked", "Bo", undefined],
      ["energy_taken", "Bo", taken.grams],
    ]);
    expect(mailsTo(owner.email)).toHaveLength(0);

    // Asking for mail about takes: the next take is mailed too.
    await saveChoices(owner.id, "CONSUMER", { energy_taken: "ALL" });
    await db().user.update({ where: { id: owner.id }, data: { coverUntil: null } });
    const another = await createBall(owner.id, { grams: 100, ripe: true });
    await takeFromBall(thief.id, another.id, () => 0.5);
    await deliver(await eventsFor(owner.id));
    expect(mailsTo(owner.email)).toHaveLength(1);
  });

  it("tells a friend they were watered, and makes nothing for a kind turned off", async () => {
    const [giver, friend] = [await createTestUser({ grams: 500 }), await createTestUser()];
    await makeFriends(giver.id, friend.id);
    await waterFriend(giver.id, friend.id, 33);
    await deliver(await eventsFor(friend.id));
    expect((await listNotifications(friend.id, 1)).notifications.map((n) => [n.kind, n.params.grams])).toEqual([["watered", 33]]);

    await saveChoices(friend.id, "CONSUMER", { watered: "OFF" });
    await waterFriend(giver.id, friend.id, 66);
    await deliver(await eventsFor(friend.id));
    expect((await listNotifications(friend.id, 1)).notifications).toHaveLength(1);
  });

  it("makes one notification per person and event when the job runs twice at once", async () => {
    const user = await createTestUser();
    const event: NotificationEvent = { kind: "watered", key: `race-${randomUUID()}`, to: [user.id], params: { grams: 10 } };
    await Promise.all(Array.from({ length: 6 }, () => processNotifications({ name: "notify", data: event })));
    expect(await db().notification.count({ where: { userId: user.id } })).toBe(1);
  });

  it("tells every operator but the one who built it that a payout batch waits for approval", async () => {
    const [builder, checker] = [await createTestUser({ role: "OPERATOR" }), await createTestUser({ role: "OPERATOR" })];
    const consumer = await createTestUser();
    const event: NotificationEvent = { kind: "payout_waiting", key: `batch-${randomUUID()}`, to: "operators", except: builder.id, params: { amountFen: "12000" } };
    await processNotifications({ name: "notify", data: event });
    expect(await db().notification.count({ where: { userId: checker.id, key: event.key } })).toBe(1);
    expect(await db().notification.count({ where: { userId: builder.id, key: event.key } })).toBe(0);
    expect(await db().notification.count({ where: { userId: consumer.id, key: event.key } })).toBe(0);
    // Consumers cannot even choose to hear of it.
    expect((await saveChoices(consumer.id, "CONSUMER", { payout_waiting: "ALL" })).map((c) => c.kind)).not.toContain("payout_waiting");
  });

  it("marks what was read, one by one or all, and only the reader's own", async () => {
    const [reader, other] = [await createTestUser(), await createTestUser()];
    for (const [userId, n] of [[reader.id, 3], [other.id, 1]] as const) {
      for (let i = 0; i < n; i++) await processNotifications({ name: "notify", data: { kind: "watered", key: `read-${randomUUID()}`, to: [userId], params: { grams: 10 } } });
    }
    const [first] = (await listNotifications(reader.id, 1)).notifications;
    const theirs = (await listNotifications(other.id, 1)).notifications[0]!;
    expect(await markRead(reader.id, [first!.id, theirs.id])).toEqual({ marked: 1 });
    expect(await unreadCount(reader.id)).toBe(2);
    expect(await markRead(reader.id, "all")).toEqual({ marked: 2 });
    expect(await unreadCount(reader.id)).toBe(0);
    expect(await unreadCount(other.id)).toBe(1);
  });

  it("refuses an event that names no known kind, without retrying it", async () => {
    await expect(async () => processNotifications({ name: "notify", data: { kind: "party", key: "x", to: [], params: {} } })).rejects.toMatchObject({
      name: "UnrecoverableError",
    });
  });
});
