// Per request: a handful of trees, or a guardian's patch of protected land.
export const MAX_QUANTITY = { FOREST: 10, PROTECTED_AREA: 1_000 } as const;

/** A gift's message: a line or two, as on a card. */
export const GIFT_MESSAGE_MAX = 200;
