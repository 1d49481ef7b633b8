// HTTP status and English message for each refusal of co-planting teams (API answers); the
// energy game between friends is declared in operations.server.ts.
type RefusalTable = Record<string, readonly [number, string]>;

/** The API error for a refusal from one of the tables above. */
export function refusalError<T extends RefusalTable>(table: T, reason: keyof T & string) {
  const [status, message] = table[reason]!;
  return { status, code: reason, message };
}

export const TEAM_REFUSALS = {
  project_not_found: [404, "No such project"],
  project_not_open: [409, "The project is not open or is sold out"],
  team_not_found: [404, "No such team"],
  not_friends: [403, "Only friends of the team's creator may join"],
  already_member: [409, "You are in this team already"],
  not_member: [403, "Join the team first"],
  team_closed: [409, "The team has redeemed or was disbanded"],
  invalid_amount: [422, "Put in a whole number of grams, at least 1"],
  daily_cap: [409, "You have reached today's limit for this team"],
  insufficient_energy: [422, "Your balance is lower than that"],
} as const;
