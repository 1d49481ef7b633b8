import { z } from "zod";
import { idField, wholeNumber } from "~/utils/fields";
import { operation } from "~/utils/operation.server";
import { cancelGiftLink, claimGiftLink, createGiftLink } from "./gift-links.server";
import { GIFT_MESSAGE_MAX } from "./quantity";

// Gifts by link, declared once for the pages and /api/v1: made from a project's page, accepted
// and taken back on pages of their own (which carry only these messages).

export const giftByLink = operation({
  name: "gifts.create-link",
  summary: "Gift trees or land to someone not a friend yet: the energy is held behind a link they accept (30 days, else it comes back)",
  input: z.object({
    projectId: idField(100),
    quantity: wholeNumber("errors.quantityInvalid"),
    idempotencyKey: z.string().min(8, "errors.generic").max(100, "errors.generic"),
    giftMessage: z.string().trim().max(GIFT_MESSAGE_MAX, "projects.giftMessageTooLong").optional(),
  }),
  who: "user",
  refusals: { project_not_found: 404, project_not_open: 409, sold_out: 409, quantity_out_of_range: 422, insufficient_energy: 422 },
  messages: "projects.refused",
  run: (actor, input) => createGiftLink(actor.id, { projectId: input.projectId, quantity: input.quantity, message: input.giftMessage, idempotencyKey: input.idempotencyKey }),
});

export const claimGift = operation({
  name: "gifts.claim",
  summary: "Accept a gift from its link: the trees or land become yours once settled",
  input: z.object({ token: z.string().trim().min(8, "gifts.refused.gift_not_found").max(64, "gifts.refused.gift_not_found") }),
  who: "user",
  refusals: { gift_not_found: 404, own_gift: 409, already_claimed: 409, gift_closed: 409 },
  messages: "gifts.refused",
  run: (actor, input) => claimGiftLink(actor.id, input.token),
});

export const cancelGift = operation({
  name: "gifts.cancel",
  summary: "Take back a gift link nobody has accepted: its energy returns to your balance",
  input: z.object({ giftId: idField() }),
  who: "user",
  refusals: { gift_not_found: 404, gift_closed: 409 },
  messages: "gifts.refused",
  run: (actor, input) => cancelGiftLink(actor.id, input.giftId),
});
