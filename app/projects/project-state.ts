export type ProjectState = "COMING" | "AVAILABLE" | "LIMITED" | "SOLD_OUT";

// Below this share of capacity left, a project shows LIMITED.
const LIMITED_BELOW = 0.05;

export function projectState(project: { capacity: number; allocatedUnits: number; opensAt: Date }, now: Date): ProjectState {
  if (now < project.opensAt) return "COMING";
  const remaining = project.capacity - project.allocatedUnits;
  if (remaining <= 0) return "SOLD_OUT";
  if (remaining < project.capacity * LIMITED_BELOW) return "LIMITED";
  return "AVAILABLE";
}
