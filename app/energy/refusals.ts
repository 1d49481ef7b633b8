// HTTP status and English message for each refusal the energy game can give (API answers).
export const TAKE_REFUSALS = {
  not_found: [404, "No such energy ball"],
  not_friends: [403, "You can only take energy from friends"],
  not_ripe: [409, "The ball is not ripe yet"],
  already_collected: [409, "Nothing is left to take from this ball"],
  expired: [409, "The ball has expired"],
  already_taken: [409, "You already took your share of this ball"],
  limit_reached: [409, "This ball has given friends all it may"],
  protected: [409, "A protection cover guards this ball"],
} as const;

export const WATER_REFUSALS = {
  invalid_amount: [422, "Water with 10, 18, 33 or 66 g"],
  not_friends: [403, "You can only water friends"],
  daily_limit: [409, "You have watered this friend 3 times today"],
  insufficient_energy: [422, "Your balance is lower than that"],
} as const;

export const FRIEND_REFUSALS = {
  user_not_found: [404, "No user with that email or invite code"],
  self: [422, "You cannot befriend yourself"],
  already_friends: [409, "You are friends already"],
  already_requested: [409, "You have already asked; wait for an answer"],
  request_not_found: [404, "No pending friend request with that id for you"],
  not_friends: [404, "You are not friends"],
} as const;

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
