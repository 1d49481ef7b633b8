// Deployment defaults for the game (DESIGN.md, "Energy"). Earning rules per action type live in the
// ActionRule table, seeded by a migration.
export const ENERGY_RULES = {
  // Balls ripen at this hour of the next day in this time zone, then live this long.
  ripeningTimeZone: "Asia/Shanghai",
  ripenHourLocal: 7,
  ballLifetimeHours: 72,
  // A ball is marked "about to expire" in the forest this long before it goes.
  expiringSoonHours: 6,
  // Partners report late, but not this late; a little clock skew into the future is tolerated.
  maxActionAgeDays: 7,
  maxActionFutureSkewMinutes: 5,
  steal: {
    maxThievesPerBall: 6,
    // All thieves together take at most this share of a ball.
    maxStolenShare: 0.5,
    // One take is a random amount of at most this share of the ball.
    maxTakeShare: 0.3,
  },
  coverHours: 24,
  doubleCardMinutes: 5,
  watering: { amounts: [10, 18, 33, 66], perFriendPerDay: 3 },
  // Collecting on consecutive days earns items (ours): a card every 3rd day, a cover every 7th.
  streakRewards: { doubleCardEvery: 3, coverEvery: 7 },
} as const;

export const ACTION_TYPES = [
  "walking",
  "offline_payment",
  "utility_bill",
  "movie_ticket",
  "train_ticket",
  "hospital_appointment",
  "metro_ride",
  "bus_ride",
  "e_invoice",
] as const;
