import type { Job } from "bullmq";
import { settleRedemption } from "~/redemption/settle.server";
import { logger } from "~/utils/logger.server";

export type SettleJob = { redemptionId: string };

export async function processSettlement(job: Job<SettleJob>) {
  const outcome = await settleRedemption(job.data.redemptionId);
  logger.info({ redemptionId: job.data.redemptionId, outcome }, "redemption settled");
  return outcome;
}
