// Per request: a handful of trees, or a guardian's patch of protected land.
export const MAX_QUANTITY = { FOREST: 10, PROTECTED_AREA: 1_000 } as const;
