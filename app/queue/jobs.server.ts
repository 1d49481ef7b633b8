import { UnrecoverableError, type Job } from "bullmq";
import { z } from "zod";
import type { Prisma } from "@prisma/client";
import { notificationEvent } from "~/notifications/event";
import { QUEUES, type QueueName } from "./queues.server";

// Every job there is, once: its queue and the shape of its data. The outbox (which topic becomes
// which job), the worker processors (one handler per job of their queue, typed by this) and the
// places that add jobs directly all read it, so a job name or a data field cannot be misspelt in
// one of them only.

const id = z.string().min(1);
const none = z.object({}).passthrough();

export const JOBS = {
  "settle-project": { queue: QUEUES.redemption, data: z.object({ projectId: id }) },
  sweep: { queue: QUEUES.redemption, data: none },
  "expire-balls": { queue: QUEUES.energyMaintenance, data: none },
  "expire-gift-links": { queue: QUEUES.energyMaintenance, data: none },
  "check-invariants": { queue: QUEUES.energyMaintenance, data: none },
  "replant-overdue": { queue: QUEUES.energyMaintenance, data: none },
  "seal-public-log": { queue: QUEUES.energyMaintenance, data: none },
  "fulfil-order": { queue: QUEUES.commerce, data: z.object({ orderId: id }) },
  "order-refunded": { queue: QUEUES.commerce, data: z.object({ orderId: id, refundedFen: z.string().regex(/^\d+$/) }) },
  "refund-late-payment": { queue: QUEUES.commerce, data: z.object({ orderId: id }) },
  "expire-orders": { queue: QUEUES.commerce, data: none },
  "start-batch": { queue: QUEUES.payouts, data: z.object({ batchId: id }) },
  "pay-payee": { queue: QUEUES.payouts, data: z.object({ payoutId: id }) },
  // The same job under its name before cooperatives and expenses were paid too: flows enqueued
  // before that deploy still hold it.
  "pay-household": { queue: QUEUES.payouts, data: z.object({ payoutId: id }) },
  "finalise-batch": { queue: QUEUES.payouts, data: z.object({ batchId: id }) },
  reconcile: { queue: QUEUES.payouts, data: z.object({ runId: id }) },
  "reconcile-daily": { queue: QUEUES.payouts, data: none },
  "send-mail": { queue: QUEUES.notifications, data: z.object({ mailId: id }) },
  notify: { queue: QUEUES.notifications, data: notificationEvent },
} as const satisfies Record<string, { queue: QueueName; data: z.ZodTypeAny }>;

export type JobName = keyof typeof JOBS;
export type JobData<Name extends JobName> = z.infer<(typeof JOBS)[Name]["data"]>;
type JobsOf<Queue extends QueueName> = { [Name in JobName]: (typeof JOBS)[Name]["queue"] extends Queue ? Name : never }[JobName];

/**
 * Each outbox topic is one job: rows with a batch key become one job for all of them (a project's
 * settlement works on every pending redemption of it); without one, each row is its own job, with
 * the row's payload as its data.
 */
export const TOPICS = {
  "redemption.requested": {
    job: "settle-project",
    payload: z.object({ redemptionId: id, projectId: id }),
    batchKey: (payload: { projectId: string }) => ({ key: `settle-${payload.projectId}`, data: { projectId: payload.projectId } }),
  },
  "order.paid": { job: "fulfil-order", payload: JOBS["fulfil-order"].data },
  "order.refunded": { job: "order-refunded", payload: JOBS["order-refunded"].data },
  "order.late-payment": { job: "refund-late-payment", payload: JOBS["refund-late-payment"].data },
  "payout-batch.approved": { job: "start-batch", payload: JOBS["start-batch"].data },
  "reconciliation.requested": { job: "reconcile", payload: JOBS.reconcile.data },
  "mail.queued": { job: "send-mail", payload: JOBS["send-mail"].data },
  notification: { job: "notify", payload: notificationEvent },
} as const satisfies Record<string, { job: JobName; payload: z.ZodTypeAny; batchKey?: unknown }>;

export type OutboxTopic = keyof typeof TOPICS;

/**
 * The row that asks for a job, written in the same transaction as the change it follows:
 * `tx.outboxEvent.create({ data: outboxRow("order.paid", `order-paid-${id}`, { orderId: id }) })`.
 * The job key is the job's id: the same business event never becomes two jobs.
 */
export function outboxRow<Topic extends OutboxTopic>(topic: Topic, jobKey: string, payload: z.infer<(typeof TOPICS)[Topic]["payload"]>) {
  return { topic, jobKey, payload: payload as Prisma.InputJsonObject };
}

/** What a processor reads of a job (tests hand it just a name and data). */
export type JobInput = Pick<Job, "name" | "data"> & Partial<Job>;

/** One handler for each job of a queue, given the job's checked data. */
export type Handlers<Queue extends QueueName> = { [Name in JobsOf<Queue>]: (data: JobData<Name>, job: JobInput) => Promise<unknown> };

/**
 * A queue's processor from its handlers. A job that can never succeed fails at once, without the
 * retries meant for passing trouble (BullMQ's UnrecoverableError): a name no handler knows, or data
 * that does not fit its schema (a retry would read the same data).
 */
export function processorFor<Queue extends QueueName>(queue: Queue, handlers: Handlers<Queue>) {
  return (job: JobInput) => {
    const declared = Object.hasOwn(JOBS, job.name) ? JOBS[job.name as JobName] : undefined;
    if (!declared || declared.queue !== queue) throw new UnrecoverableError(`unknown ${queue} job ${job.name}`);
    const data = declared.data.safeParse(job.data);
    if (!data.success) throw new UnrecoverableError(`${job.name} job with unusable data: ${data.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`).join("; ")}`);
    const handler = handlers[job.name as JobsOf<Queue>] as (data: unknown, job: JobInput) => Promise<unknown>;
    return handler(data.data, job);
  };
}

/** A job added directly (not through the outbox), typed by the registry: its name, queue and data. */
export function jobOf<Name extends JobName>(name: Name, data: JobData<Name>) {
  return { name, queueName: JOBS[name].queue, data };
}
