import type { Job } from "bullmq";
import { expireAllDueBalls } from "~/energy/balls.server";
import { logger } from "~/utils/logger.server";


/** Scheduled: balls past their expiry become EXPIRED and their energy leaves the ledger. */
export async function processEnergyMaintenance(job: Job) {
  if (job.name !== "expire-balls") throw new Error(`unknown energy maintenance job ${job.name}`);
  const expired = await expireAllDueBalls();
  if (expired > 0) logger.info({ expired }, "energy balls expired");
  return { expired };
}
