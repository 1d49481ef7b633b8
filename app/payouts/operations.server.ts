import { z } from "zod";
import { MAX_CSV_BYTES } from "~/utils/upload-limits";
import { STEP_UP_REFUSALS, stepUp } from "~/auth/totp.server";
import { totpField } from "~/auth/totp-field";
import { idField } from "~/utils/fields";
import { operation } from "~/utils/operation.server";
import { Refused } from "~/utils/refused";
import { db } from "~/db/client.server";
import { approveBatch, buildBatch, cancelBatch } from "./batches.server";
import { setHouseholdWeighting } from "./household-work.server";
import { importHouseholds } from "./households.server";
import { periodSchema } from "./period-form";

// Operators' commands on the household registry and payout batches, declared once (the
// registry, payouts and batch pages).

const batchInput = z.object({ batchId: idField() });

export const buildPayoutBatch = operation({
  name: "ops.payout-batch-build",
  summary: "Operators: build a draft batch for a project and a period, reserving what it pays",
  input: periodSchema("batch"),
  who: "operator",
  refusals: { nothing_to_pay: 409 },
  messages: "payouts.refused",
  run: async (actor, period) => {
    const built = await buildBatch({ ...period, projectId: period.projectId!, builtById: actor.id });
    if (!built.ok) throw new Refused(built.reason);
    return built;
  },
});

export const approvePayoutBatch = operation({
  name: "ops.payout-batch-approve",
  summary: "Operators: approve a draft batch another operator built, with a code from their authenticator; its payouts start",
  input: batchInput.extend({ totp: totpField }),
  who: "operator",
  refusals: { own_batch: 409, not_draft: 409, not_found: 404, ...STEP_UP_REFUSALS },
  messages: "payouts.refused",
  run: async (actor, input) => {
    await stepUp(actor, input.totp);
    const result = await approveBatch(input.batchId, actor.id);
    if (!result.ok) throw new Refused(result.reason);
    return result;
  },
});

export const cancelPayoutBatch = operation({
  name: "ops.payout-batch-cancel",
  summary: "Operators: cancel a draft batch; what it reserved goes back to the households",
  input: batchInput,
  who: "operator",
  refusals: { not_draft: 409 },
  messages: "payouts.refused",
  run: async (actor, input) => {
    if (!(await cancelBatch(input.batchId, actor.id))) throw new Refused("not_draft");
    return { cancelled: true };
  },
});

export const importHouseholdRegistry = operation({
  name: "ops.households-import",
  summary: "Operators: import a county's household CSV into a project's registry (good rows in, bad rows listed with every reason)",
  input: z.object({ projectId: idField(), csv: z.string().min(1, "csv.choose_file").max(MAX_CSV_BYTES, "errors.generic") }),
  who: "operator",
  refusals: { project_not_found: 404, not_csv: 422, not_csv_at: 422, missing_columns: 422 },
  messages: "csv",
  run: async (actor, input) => {
    if (!(await db().project.count({ where: { id: input.projectId } }))) throw new Refused("project_not_found");
    const result = await importHouseholds(input.projectId, input.csv, actor.id);
    // The file itself is wrong: its problem (csv.<code>) is the refusal.
    if (!result.ok) throw new Refused(result.fileProblem.key.replace(/^csv\./, ""), result.fileProblem.params);
    return result;
  },
});

export const setHouseholdWeightingOp = operation({
  name: "ops.household-weighting-set",
  summary: "Operators: split a project's household pool by registered weights or by days worked in the year before each sale (sales from now on)",
  input: z.object({ projectId: idField(), weighting: z.enum(["REGISTERED", "WORK"], { required_error: "errors.generic", invalid_type_error: "errors.generic" }) }),
  who: "operator",
  refusals: { project_not_found: 404 },
  messages: "work.refused",
  run: async (_actor, input) => {
    if (!(await setHouseholdWeighting(input.projectId, input.weighting))) throw new Refused("project_not_found");
    return { weighting: input.weighting };
  },
});
