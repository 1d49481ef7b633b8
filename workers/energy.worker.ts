import { expireAllDueBalls } from "~/energy/balls.server";
import { raiseOverdueReplantings } from "~/evidence/plot-moves.server";
import { dayText } from "~/payouts/china-days";
import { expireGiftLinks } from "~/redemption/gift-links.server";
import { runInvariantChecks } from "~/ledger/invariants.server";
import { processorFor } from "~/queue/jobs.server";
import { QUEUES } from "~/queue/queues.server";
import { logger } from "~/utils/logger.server";
import { sealPublicLog } from "~/transparency/public-log.server";

export const processEnergyMaintenance = processorFor(QUEUES.energyMaintenance, {
  /** Scheduled: balls past their expiry become EXPIRED and their energy leaves the ledger. */
  "expire-balls": async () => {
    const expired = await expireAllDueBalls();
    if (expired > 0) logger.info({ expired }, "energy balls expired");
    return { expired };
  },
  /** Scheduled: gift links nobody accepted in time give their energy back to their givers. */
  "expire-gift-links": async () => {
    let expired = 0;
    for (let batch = await expireGiftLinks(); batch > 0; batch = await expireGiftLinks()) expired += batch;
    if (expired > 0) logger.info({ expired }, "gift links expired");
    return { expired };
  },
  /** Scheduled: the ledgers' invariants, kept for /ops (a broken one is logged at error there). */
  "check-invariants": async () => ({ ok: (await runInvariantChecks()).ok }),
  /** Scheduled: replantings past their day reach the operators' alarms, each once. */
  "replant-overdue": async () => {
    const raised = await raiseOverdueReplantings(dayText(new Date()));
    if (raised > 0) logger.warn({ raised }, "replantings overdue");
    return { raised };
  },
  /** Scheduled: each day of the public log that is over gets its root, once. */
  "seal-public-log": async () => ({ sealed: await sealPublicLog() }),
});
