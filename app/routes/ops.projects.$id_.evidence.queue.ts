import type { ActionFunctionArgs } from "@remix-run/node";
import { evidenceFormInput } from "~/evidence/form-input.server";
import { recordEvidenceOp } from "~/evidence/operations.server";
import { MAX_PHOTO_BYTES } from "~/evidence/photos";
import { intent, pageAction } from "~/utils/operation.server";

// POST /ops/projects/:id/evidence/queue: the evidence form as a ranger's offline queue sends it
// (evidence/offline-queue.ts), answered in JSON: a receipt, or the refusal to keep beside the record.
export const action = (args: ActionFunctionArgs) =>
  pageAction(
    args,
    { evidence: intent(recordEvidenceOp, { input: evidenceFormInput, done: (recorded) => ({ message: "evidenceForm.recordedMoved", params: { count: recorded.plotsMoved, id: recorded.id } }) }) },
    { maxFileBytes: MAX_PHOTO_BYTES },
  );

// Only sent to, never read: a GET is the wrong method, whoever asks.
export const loader = () => new Response("Method not allowed", { status: 405, headers: { Allow: "POST" } });
