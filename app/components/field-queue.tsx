import { useCallback, useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ProblemList } from "~/components/project-fields";
import { discard, enqueue, queuedFor, sendQueued, type QueuedRecord } from "~/evidence/offline-queue";

// The ranger's side of the offline queue (evidence/offline-queue.ts): a record made without a
// network is kept on the device, listed here, and sent when the network returns.

type Problem = { code: string; params?: Record<string, string | number> };

export function useFieldQueue(projectId: string) {
  const [records, setRecords] = useState<QueuedRecord[]>([]);
  const [online, setOnline] = useState(true);
  const [saved, setSaved] = useState(false);
  const refresh = useCallback(() => void queuedFor(projectId).then(setRecords), [projectId]);
  const send = useCallback(() => void sendQueued(projectId, refresh).then(refresh), [projectId, refresh]);
  useEffect(() => {
    setOnline(navigator.onLine);
    refresh();
    if (navigator.onLine) send();
    const up = () => {
      setOnline(true);
      send();
    };
    const down = () => setOnline(false);
    window.addEventListener("online", up);
    window.addEventListener("offline", down);
    return () => {
      window.removeEventListener("online", up);
      window.removeEventListener("offline", down);
    };
  }, [refresh, send]);

  /** Online, the form posts as always; offline, the record goes into the queue instead. */
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    if (navigator.onLine) return;
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const fields: Record<string, string> = {};
    const photos: QueuedRecord["photos"] = [];
    for (const [name, value] of data) {
      if (typeof value === "string") fields[name] = value;
      else if (value.size > 0) photos.push({ name: value.name, type: value.type, blob: value });
    }
    void enqueue({ clientId: crypto.randomUUID(), projectId, fields, photos, queuedAt: Date.now() }).then(() => {
      form.reset();
      setSaved(true);
      refresh();
    });
  };
  return { records, online, saved, onSubmit, send, discard: (clientId: string) => void discard(clientId).then(refresh) };
}

export function FieldQueue({ queue }: { queue: ReturnType<typeof useFieldQueue> }) {
  const { t } = useTranslation();
  const { records, online, saved } = queue;
  return (
    <div className="field-queue" data-testid="field-queue">
      {!online ? <p className="notice">{t("evidenceForm.queue.offline")}</p> : null}
      {saved && records.length ? <p className="muted" role="status">{t("evidenceForm.queue.saved")}</p> : null}
      {records.length ? (
        <>
          <p data-testid="queue-count">{t("evidenceForm.queue.waiting", { count: records.length })}</p>
          <ul className="evidence-list">
            {records.map((record) => (
              <li key={record.clientId} data-testid="queued-record">
                <p>
                  {t(`evidence.kind.${record.fields.kind ?? "PLANTING"}`)} · {record.fields.target} · {record.fields.occurredOn} · {record.fields.crew}
                </p>
                <p className="muted">{t("evidenceForm.queue.photos", { count: record.photos.length })}</p>
                {record.refused ? (
                  <>
                    {record.refused.details ? (
                      <ProblemList problems={record.refused.details as Problem[]} messages="evidenceForm.problems" title="evidenceForm.problemsTitle" />
                    ) : (
                      <p className="form-error">{t(record.refused.fieldErrors ? Object.values(record.refused.fieldErrors)[0]![0]! : record.refused.error, record.refused.params)}</p>
                    )}
                    <button type="button" className="secondary" onClick={() => window.confirm(t("evidenceForm.queue.confirmDiscard")) && queue.discard(record.clientId)}>
                      {t("evidenceForm.queue.discard")}
                    </button>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
          {online ? (
            <button type="button" className="secondary" onClick={queue.send}>
              {t("evidenceForm.queue.sendNow")}
            </button>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
