import type { Job } from "bullmq";
import { JOB_RETENTION } from "~/queue/outbox.server";
import { getQueue, QUEUES } from "~/queue/queues.server";
import { projectsWithStalePending, settleProject } from "~/redemption/settle.server";
import { disbandExpiredTeams } from "~/redemption/teams.server";
import { SWEEP_EVERY_MS } from "~/queue/schedulers.server";
import { logger } from "~/utils/logger.server";

const STALE_AFTER_MS = 10_000;

type SettlementJob = { projectId?: string };

export async function processSettlement(job: Job<SettlementJob>) {
  if (job.name === "settle-project") {
    const result = await settleProject(job.data.projectId!);
    if (result.settled + result.refunded > 0) logger.info({ projectId: job.data.projectId, ...result }, "redemptions settled");
    return result;
  }
  if (job.name === "sweep") {
    // A safety net: a project whose redemptions wait too long gets a settlement job again.
    const projects = await projectsWithStalePending(STALE_AFTER_MS);
    const bucket = Math.floor(Date.now() / SWEEP_EVERY_MS);
    await getQueue(QUEUES.redemption).addBulk(
      projects.map((projectId) => ({ name: "settle-project", data: { projectId }, opts: { ...JOB_RETENTION, jobId: `sweep-${projectId}-${bucket}` } })),
    );
    if (projects.length) logger.warn({ projects }, "swept stale pending redemptions");
    // Co-planting teams past their time give their members' energy back.
    const disbanded = await disbandExpiredTeams();
    if (disbanded) logger.info({ disbanded }, "expired co-planting teams disbanded");
    return { projects: projects.length, disbanded };
  }
  throw new Error(`unknown settlement job ${job.name}`);
}
