// The kinds of notification, what each says and where it leads (browser-safe: the centre and the
// choices page read it too). `email` is the default for someone who has not chosen: on for what is
// rare and matters (a gift, an order's progress, a batch to approve), off for the game's chatter.

export const NOTIFICATION_KINDS = {
  gift_received: { email: true, operators: false },
  gift_claimed: { email: true, operators: false },
  gift_expired: { email: true, operators: false },
  energy_taken: { email: false, operators: false },
  energy_blocked: { email: false, operators: false },
  watered: { email: false, operators: false },
  plot_planted: { email: true, operators: false },
  plot_verified: { email: true, operators: false },
  plot_lost: { email: true, operators: false },
  plot_replanted: { email: true, operators: false },
  order_paid: { email: true, operators: false },
  order_shipped: { email: true, operators: false },
  order_refunded: { email: true, operators: false },
  payout_waiting: { email: true, operators: true },
} as const;

export type NotificationKind = keyof typeof NOTIFICATION_KINDS;
export const KIND_NAMES = Object.keys(NOTIFICATION_KINDS) as NotificationKind[];
export const isNotificationKind = (kind: string): kind is NotificationKind => Object.hasOwn(NOTIFICATION_KINDS, kind);

/** The badge stops counting here ("99+"): counting a neglected inbox to the end on every page is waste. */
export const UNREAD_CAP = 99;

export type Channel = "ALL" | "IN_APP" | "OFF";
export const CHANNELS: readonly Channel[] = ["ALL", "IN_APP", "OFF"];
export const defaultChannel = (kind: NotificationKind): Channel => (NOTIFICATION_KINDS[kind].email ? "ALL" : "IN_APP");

/** The kinds a person may hear about: operators' own only for operators. */
export const kindsFor = (role: "CONSUMER" | "OPERATOR") => KIND_NAMES.filter((kind) => role === "OPERATOR" || !NOTIFICATION_KINDS[kind].operators);

/** What a notification carries (names and numbers as they were when it happened). */
export type NotificationParams = {
  actor?: string;
  grams?: number;
  units?: number;
  project?: { zh: string; en: string };
  projectKind?: "FOREST" | "PROTECTED_AREA";
  message?: string;
  orderName?: { zh: string; en: string };
  carrier?: string;
  tracking?: string;
  amountFen?: string;
  /** Where it leads, a path of this site. */
  href?: string;
};

