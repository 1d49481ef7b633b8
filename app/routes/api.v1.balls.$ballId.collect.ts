import { json } from "@remix-run/node";
import { takeEnergy } from "~/energy/operations.server";
import { apiOperation } from "~/utils/operation.server";

// The owner collects what is left of a ripe ball; a friend steals a random part of it.
export const { loader, action } = apiOperation("POST", takeEnergy, { answer: (taken) => json(taken) });
