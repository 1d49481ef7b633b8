/** The leaderboard's periods, counted in the viewer's own time zone (weeks start on Monday). */
export const LEADERBOARD_PERIODS = ["today", "week", "all"] as const;
export type LeaderboardPeriod = (typeof LEADERBOARD_PERIODS)[number];
