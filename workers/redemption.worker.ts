import { JOB_RETENTION } from "~/queue/outbox.server";
import { jobOf, processorFor } from "~/queue/jobs.server";
import { getQueue, QUEUES } from "~/queue/queues.server";
import { SWEEP_EVERY_MS } from "~/queue/schedulers.server";
import { projectsWithStalePending, settleProject } from "~/redemption/settle.server";
import { disbandExpiredTeams } from "~/redemption/teams.server";
import { logger } from "~/utils/logger.server";

const STALE_AFTER_MS = 10_000;

export const processSettlement = processorFor(QUEUES.redemption, {
  "settle-project": async ({ projectId }) => {
    const result = await settleProject(projectId);
    if (result.settled + result.refunded > 0) logger.info({ projectId, ...result }, "redemptions settled");
    return result;
  },
  sweep: async () => {
    // A safety net: a project whose redemptions wait too long gets a settlement job again.
    const projects = await projectsWithStalePending(STALE_AFTER_MS);
    const bucket = Math.floor(Date.now() / SWEEP_EVERY_MS);
    await getQueue(QUEUES.redemption).addBulk(
      projects.map((projectId) => ({ ...jobOf("settle-project", { projectId }), opts: { ...JOB_RETENTION, jobId: `sweep-${projectId}-${bucket}` } })),
    );
    if (projects.length) logger.warn({ projects }, "swept stale pending redemptions");
    // Co-planting teams past their time give their members' energy back.
    const disbanded = await disbandExpiredTeams();
    if (disbanded) logger.info({ disbanded }, "expired co-planting teams disbanded");
    return { projects: projects.length, disbanded };
  },
});
