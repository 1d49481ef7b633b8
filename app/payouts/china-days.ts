// Calendar days in China time, as periods, statements and receipts name them: 2026-11-01 to
// 2026-11-30 is [2026-11-01 00:00 +08:00, 2026-12-01 00:00 +08:00).

export const DAY_MS = 24 * 3600 * 1000;

export const dayStart = (day: string) => new Date(`${day}T00:00:00+08:00`);
export const dayText = (at: Date) => new Date(at.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10);
/** The last day a period includes (its end is the start of the next day). */
export const lastDayText = (end: Date) => dayText(new Date(end.getTime() - DAY_MS));
