import { json } from "@remix-run/node";
import { actionBodySchema, applyPartnerAction, recordMalformedAction } from "~/energy/earn.server";
import { verifyPartner } from "~/energy/partners.server";
import { apiAction, ApiError, apiErrorResponse } from "~/utils/api.server";

const SIGNATURE_MESSAGES = {
  unknown_partner: "Unknown Sapling-Partner key id",
  malformed_signature: "Sapling-Signature must be t=<unix seconds>,v1=<hex HMAC-SHA256>",
  signature_expired: "The signature is more than 5 minutes old (or ahead)",
  bad_signature: "The signature does not match the body",
} as const;

export const { loader, action } = apiAction("POST", async ({ request }) => {
  const rawBody = await request.text();
  const verified = await verifyPartner(request.headers.get("Sapling-Partner"), request.headers.get("Sapling-Signature"), rawBody);
  if (!verified.ok) throw new ApiError(401, verified.problem, SIGNATURE_MESSAGES[verified.problem]);

  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody);
  } catch {
    parsed = undefined;
  }
  const body = actionBodySchema.safeParse(parsed);
  if (!body.success) {
    const fields = body.error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; ");
    const message = parsed === undefined ? "The body is not valid JSON" : `Malformed fields (${fields})`;
    await recordMalformedAction(verified.partnerId, message, { status: 400, body: { error: { code: "invalid_fields", message } } });
    return apiErrorResponse(400, parsed === undefined ? "malformed_json" : "invalid_fields", message);
  }
  const answer = await applyPartnerAction(verified.partnerId, body.data);
  return json(answer.body, { status: answer.status });
});
