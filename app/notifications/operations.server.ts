import { z } from "zod";
import { operation } from "~/utils/operation.server";
import { markRead, saveChoices } from "./centre.server";
import { CHANNELS, KIND_NAMES, type Channel, type NotificationKind } from "./kinds";

// The notification centre's commands, declared once for the pages and /api/v1.

export const markNotificationsRead = operation({
  name: "notifications.read",
  summary: "Mark notifications read: the ones listed, or all of yours",
  input: z.object({ ids: z.array(z.string().min(1).max(64)).max(100).optional() }),
  who: "user",
  refusals: {},
  messages: "notifications",
  run: (actor, input) => markRead(actor.id, input.ids ?? "all"),
});

const channel = z.enum(CHANNELS as [Channel, ...Channel[]]);

export const chooseNotifications = operation({
  name: "notifications.choose",
  summary: "Choose, per kind, whether you hear of it here and by email, here only, or not at all",
  input: z.object(Object.fromEntries(KIND_NAMES.map((kind) => [kind, channel.optional()])) as Record<NotificationKind, z.ZodOptional<typeof channel>>),
  who: "user",
  refusals: {},
  messages: "notifications",
  run: (actor, input) => saveChoices(actor.id, actor.role, input),
});
