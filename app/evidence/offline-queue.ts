import { openDB, type DBSchema } from "idb";

// A ranger's records made without a network (docs/decisions/032-offline-app.md), kept in the
// device's IndexedDB until the server has them: each carries an id made here, so sending it again
// (a retry, a tab closed mid-send) stores it once; it leaves the device only on the server's receipt.

export type QueuedRecord = {
  clientId: string;
  projectId: string;
  fields: Record<string, string>;
  photos: { name: string; type: string; blob: Blob }[];
  queuedAt: number;
  /** The server refused it (a plot code mistyped, a photo already on record): kept for the ranger. */
  refused?: { error: string; params?: Record<string, string | number>; details?: unknown; fieldErrors?: Record<string, string[]> };
};

interface QueueSchema extends DBSchema {
  evidence: { key: string; value: QueuedRecord; indexes: { project: string } };
}

const database = () =>
  openDB<QueueSchema>("sapling-field-queue", 1, {
    upgrade(db) {
      db.createObjectStore("evidence", { keyPath: "clientId" }).createIndex("project", "projectId");
    },
  });

export async function enqueue(record: QueuedRecord): Promise<void> {
  await (await database()).put("evidence", record);
}

export async function queuedFor(projectId: string): Promise<QueuedRecord[]> {
  return (await (await database()).getAllFromIndex("evidence", "project", projectId)).sort((a, b) => a.queuedAt - b.queuedAt);
}

export async function discard(clientId: string): Promise<void> {
  await (await database()).delete("evidence", clientId);
}

/** Where the queue sends a record: the evidence page's JSON twin (routes/ops.projects.$id_.evidence.queue.ts). */
const sendUrl = (projectId: string) => `/ops/projects/${projectId}/evidence/queue`;

let sending: Promise<void> | null = null;

/**
 * Sends this project's waiting records, oldest first, one at a time. A receipt removes a record; a
 * refusal keeps it, marked, for the ranger to correct or discard; no network (or a server error)
 * stops until the next try. One run at a time in a tab; two tabs may overlap, harmlessly.
 */
export function sendQueued(projectId: string, onProgress: () => void): Promise<void> {
  sending ??= (async () => {
    try {
      for (const record of await queuedFor(projectId)) {
        if (record.refused) continue;
        const body = new FormData();
        for (const [name, value] of Object.entries(record.fields)) body.append(name, value);
        body.set("intent", "evidence");
        body.set("clientId", record.clientId);
        for (const photo of record.photos) body.append("photos", new File([photo.blob], photo.name, { type: photo.type }));
        let response: Response;
        try {
          // Not following redirects: a session that has ended answers with one (to the sign-in
          // page), which must not pass for a receipt.
          response = await fetch(sendUrl(projectId), { method: "POST", body, headers: { Accept: "application/json" }, redirect: "manual" });
        } catch {
          return; // offline again
        }
        if (response.type === "opaqueredirect" || response.status === 429 || response.status >= 500) return;
        const reply = (await response.json().catch(() => null)) as ({ ok: boolean } & NonNullable<QueuedRecord["refused"]>) | null;
        if (response.ok && reply?.ok === true) await discard(record.clientId);
        else if (reply && reply.ok === false) await enqueue({ ...record, refused: { error: reply.error, params: reply.params, details: reply.details, fieldErrors: reply.fieldErrors } });
        else return; // not an answer of ours (a proxy's page): try again later
        onProgress();
      }
    } finally {
      sending = null;
    }
  })();
  return sending;
}
