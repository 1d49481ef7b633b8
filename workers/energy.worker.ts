import { expireAllDueBalls } from "~/energy/balls.server";
import { processorFor } from "~/queue/jobs.server";
import { QUEUES } from "~/queue/queues.server";
import { logger } from "~/utils/logger.server";

export const processEnergyMaintenance = processorFor(QUEUES.energyMaintenance, {
  /** Scheduled: balls past their expiry become EXPIRED and their energy leaves the ledger. */
  "expire-balls": async () => {
    const expired = await expireAllDueBalls();
    if (expired > 0) logger.info({ expired }, "energy balls expired");
    return { expired };
  },
});
