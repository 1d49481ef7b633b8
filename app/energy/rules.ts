// Deployment defaults from the public Ant Forest rules (see DESIGN.md, "Energy").
export const ENERGY_RULES = {
  ripenHourLocal: 7,
  ballLifetimeHours: 72,
};
