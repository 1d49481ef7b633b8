import { z } from "zod";
import { KIND_NAMES, type NotificationKind } from "./kinds";

/** What the outbox row of a notification carries (the "notify" job's data). */
export const notificationEvent = z.object({
  kind: z.enum(KIND_NAMES as [NotificationKind, ...NotificationKind[]]),
  /** The event's business key: one notification per person and key. */
  key: z.string().min(1).max(200),
  /** Who hears of it: people by id, or every operator (but `except`, who caused it). */
  to: z.union([z.array(z.string().min(1)).max(1000), z.literal("operators")]),
  except: z.string().optional(),
  /** Ids resolved to names when the job runs; the rest is shown as given. */
  params: z
    .object({
      actorId: z.string(),
      projectId: z.string(),
      grams: z.number().int(),
      units: z.number().int(),
      message: z.string().max(500),
      orderId: z.string(),
      carrier: z.string().max(100),
      tracking: z.string().max(100),
      amountFen: z.string().regex(/^\d{1,18}$/),
      href: z.string().startsWith("/").max(300),
    })
    .partial(),
});

export type NotificationEvent = z.infer<typeof notificationEvent>;

