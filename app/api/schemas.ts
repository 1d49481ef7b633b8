import { z } from "zod";

// What /api/v1 answers, as schemas: the OpenAPI document is generated from them and the contract
// test validates every answer against that document. Objects are strict, so a field a route starts
// sending without being written here fails the contract test.

const object = <Shape extends z.ZodRawShape>(shape: Shape) => z.object(shape).strict();
const time = z.string().datetime({ offset: true });
const grams = z.number().int();

export const problem = object({
  error: object({
    code: z.string().describe("snake_case, stable: the thing to branch on"),
    message: z.string().describe("English, for people"),
    details: z.record(z.array(z.string())).optional().describe("invalid_fields: the problems of each field"),
  }),
});

export const token = object({ token: z.string().describe("Send as Authorization: Bearer <token>") });
export const created = object({ id: z.string() });

export const profile = object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(["CONSUMER", "OPERATOR"]),
  inviteCode: z.string(),
  timeZone: z.string(),
});

const ball = {
  id: z.string(),
  type: z.string().describe("the low-carbon action it came from"),
  grams,
  remaining: grams,
  state: z.enum(["GROWING", "RIPE", "COLLECTED", "EXPIRED"]),
  ripensAt: time,
  expiresAt: time,
  expiringSoon: z.boolean(),
  demoShortcut: z.boolean(),
};

export const forest = object({
  balance: grams,
  balls: z.array(object(ball)),
  cover: time.nullable().describe("protected from stealing until"),
  doubleCard: time.nullable().describe("collections count double until"),
  items: object({ covers: z.number().int(), doubleCards: z.number().int() }),
  streakDays: z.number().int(),
  underReview: z
    .array(object({ id: z.string(), grams, actionType: z.string(), reason: z.enum(["steps_implausible", "partner_burst"]), state: z.enum(["HELD", "REJECTED"]) }))
    .describe("balls from reports that looked implausible: held for an operator, or rejected (the last seven days)"),
});

export const friendForest = object({
  friend: object({ id: z.string(), displayName: z.string() }),
  cover: time.nullable(),
  balls: z.array(object({ ...ball, mayTake: grams.describe("what you could take now"), spent: z.boolean().describe("you took from it already") })),
});

export const ledgerPage = object({
  entries: z.array(
    object({
      id: z.string().describe("also the cursor"),
      account: z.enum(["BALANCE", "BALL", "TEAM"]),
      kind: z.string(),
      grams,
      ballId: z.string().nullable(),
      redemptionId: z.string().nullable(),
      counterpartId: z.string().nullable(),
      reason: z.string().nullable(),
      createdAt: time,
    }),
  ),
  nextCursor: z.string().nullable().describe("pass as cursor for the next page; null on the last"),
});

export const feed = object({
  activity: z.array(
    object({
      id: z.string(),
      kind: z.string(),
      grams: grams.nullable(),
      units: z.number().int().nullable(),
      detail: z.string().nullable(),
      project: object({ kind: z.enum(["FOREST", "PROTECTED_AREA"]), name: object({ zh: z.string(), en: z.string() }) }).nullable(),
      actor: z.string().nullable().describe("the friend's display name"),
      createdAt: time,
    }),
  ),
});

const friendRequest = object({ id: z.string(), status: z.enum(["PENDING", "ACCEPTED", "DECLINED"]) });

export const friends = object({
  friends: z.array(object({ id: z.string(), displayName: z.string(), ripeGrams: grams, nextRipensAt: time.nullable() })),
  requests: object({
    incoming: z.array(object({ id: z.string(), userId: z.string().describe("who asked"), displayName: z.string() })),
    outgoing: z.array(
      object({
        id: z.string(),
        userId: z.string().nullable().describe("whom you asked; null when you asked by email (whether or not the address has an account)"),
        displayName: z.string().describe("their name, or the email address you asked"),
      }),
    ),
  }),
});

export const projects = z.array(
  object({
    id: z.string(),
    slug: z.string(),
    kind: z.enum(["FOREST", "PROTECTED_AREA"]),
    name: z.string().describe("in the language of Accept-Language"),
    unitCostGrams: grams,
    capacity: z.number().int(),
    remaining: z.number().int(),
    state: z.enum(["COMING", "AVAILABLE", "LIMITED", "SOLD_OUT"]),
    energyLack: z.boolean().optional().describe("signed in: whether your balance is short of one unit"),
  }),
);

const plot = object({
  code: z.string(),
  firstUnit: z.number().int(),
  unitCount: z.number().int(),
  status: z.string(),
  centre: object({ lon: z.number(), lat: z.number() }).optional(),
  bbox: z.array(z.number()).length(4).optional(),
  stand: z.number().int().optional(),
  row: z.number().int().optional(),
  tree: z.number().int().optional(),
});

export const redemption = object({
  id: z.string(),
  status: z.enum(["PENDING", "SETTLED", "REFUNDED"]),
  projectId: z.string(),
  quantity: z.number().int(),
  costGrams: grams,
  grantedUnits: z.number().int().optional().describe("settled: fewer than asked when capacity ran out on it"),
  giftToUserId: z.string().optional(),
  createdAt: time,
  certificateNumber: z.string().optional(),
  plots: z.array(plot).optional(),
  reason: z.string().optional(),
});

const bilingual = object({ zh: z.string(), en: z.string() });

export const certificate = object({
  number: z.string(),
  holder: z.string(),
  giftFrom: z.string().nullable(),
  team: z.string().nullable(),
  project: object({
    slug: z.string(),
    kind: z.enum(["FOREST", "PROTECTED_AREA"]),
    name: bilingual,
    county: bilingual,
    species: z.string().nullable(),
    art: z.string(),
    timeZone: z.string().describe("The project's time zone: the certificate's issue date is the day there"),
  }),
  units: z.number().int(),
  plots: z.array(plot),
  issuedAt: time,
});

export const taken = object({ grams, balance: grams, stolen: z.boolean() });
export const watered = object({ grams, balance: grams });
export const itemUsed = object({ until: time });
export const friendAnswered = friendRequest;
export const friendRequested = friendRequest;

export const signupSent = object({ status: z.literal("check_your_email") });
export const sessions = z.array(
  object({
    id: z.string(),
    userAgent: z.string().describe("the browser or app that signed in"),
    ip: z.string().describe("the address it signed in from"),
    createdAt: time,
    lastSeenAt: time.describe("last used (to within ten minutes)"),
    current: z.boolean().describe("the session this request came with"),
  }),
);
export const sessionsEnded = object({ ended: z.number().int().min(0) });
export const passwordChanged = object({ signedOut: z.number().int().min(0).describe("your other sessions, now signed out") });

export const teamSummaries = z.array(
  object({ id: z.string(), name: z.string(), status: z.enum(["OPEN", "REDEEMED", "DISBANDED"]), projectId: z.string(), pooledGrams: grams, targetGrams: grams }),
);

export const team = object({
  id: z.string(),
  name: z.string(),
  status: z.enum(["OPEN", "REDEEMED", "DISBANDED"]),
  creatorId: z.string(),
  targetGrams: grams,
  pooledGrams: grams,
  expiresAt: time,
  project: object({ slug: z.string(), kind: z.enum(["FOREST", "PROTECTED_AREA"]), nameZh: z.string(), nameEn: z.string() }),
  members: z.array(object({ userId: z.string(), displayName: z.string(), pooledGrams: grams })),
  redemption: object({ id: z.string(), status: z.string(), certificateNumber: z.string().nullable() }).nullable(),
  inviteToken: z.string().nullable().describe("for members: the invite to pass on (/teams/{id}?invite=...); null for others"),
});

export const teamCreated = object({ id: z.string(), targetGrams: grams, expiresAt: time });
export const teamJoined = object({ joined: z.literal(true) });
export const teamLeft = object({ refunded: grams });
export const contribution = object({ grams, pooledGrams: grams, targetGrams: grams, full: z.boolean() });
export const review = object({ decided: z.number().int().min(1), decision: z.enum(["release", "reject"]) });
export const adjustment = object({ entryId: z.string(), applied: z.boolean().describe("false: this key was used before; nothing changed"), balance: grams });

export const partnerAnswer = z.union([
  object({
    ballId: z.string(),
    grams,
    ripensAt: time,
    expiresAt: time,
    heldForReview: z.enum(["steps_implausible", "partner_burst"]).optional().describe("the report looked implausible: the ball waits for an operator before it is energy"),
  }),
  object({ ballId: z.null(), grams: z.literal(0), reason: z.string().describe("why no energy: a cap was reached") }),
]);

const notificationKind = z.enum([
  "gift_received", "gift_claimed", "gift_expired", "energy_taken", "energy_blocked", "watered", "plot_planted", "plot_verified", "plot_lost", "plot_replanted", "order_paid", "order_shipped", "order_refunded", "payout_waiting",
]);

export const notificationsPage = object({
  notifications: z.array(
    object({
      id: z.string(),
      kind: notificationKind,
      text: z.string().describe("What happened, in English"),
      params: z.record(z.unknown()).describe("The names and numbers the text is made of; href is where it leads on the site"),
      read: z.boolean(),
      createdAt: time,
    }),
  ),
  page: z.number().int().min(1),
  pages: z.number().int().min(0),
});

export const notificationsMarked = object({ marked: z.number().int().min(0) });

export const notificationChoices = z.array(object({ kind: notificationKind, channel: z.enum(["ALL", "IN_APP", "OFF"]) }));
