import { Form, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ProblemList } from "~/components/project-fields";
import type { PageReply } from "~/utils/page-reply";

// A guardian at their plot sends one photo. The phone's position is asked for when the photo is
// chosen (not on opening the page), and used by the server only when the photo has no GPS of its own.

type Located = { state: "idle" | "asking" | "denied" } | { state: "found"; latitude: number; longitude: number; accuracy: number };
type Problem = { code: string; params?: Record<string, string | number> };

export function VisitForm({ clientId, reply }: { clientId: string; reply: PageReply | undefined }) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const [located, setLocated] = useState<Located>({ state: "idle" });
  const locate = () => {
    if (!("geolocation" in navigator)) return setLocated({ state: "denied" });
    setLocated({ state: "asking" });
    navigator.geolocation.getCurrentPosition(
      ({ coords }) => setLocated({ state: "found", latitude: coords.latitude, longitude: coords.longitude, accuracy: Math.round(coords.accuracy) }),
      () => setLocated({ state: "denied" }),
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    );
  };
  const refused = reply && !reply.ok && reply.intent === "visit" ? reply : null;
  return (
    <Form method="post" encType="multipart/form-data" className="stack visit-form" data-testid="visit-form">
      <input type="hidden" name="intent" value="visit" />
      <input type="hidden" name="clientId" value={clientId} />
      <input type="hidden" name="latitude" value={located.state === "found" ? String(located.latitude) : ""} />
      <input type="hidden" name="longitude" value={located.state === "found" ? String(located.longitude) : ""} />
      <p className="muted">{t("visits.intro")}</p>
      <label>
        {t("visits.photo")}
        <input name="photos" type="file" accept="image/jpeg,image/png,image/webp" capture="environment" required onChange={locate} data-testid="visit-photo" />
      </label>
      <p className="muted" aria-live="polite" data-testid="visit-position">
        {located.state === "asking" ? t("visits.locating") : null}
        {located.state === "found" ? t("visits.located", { lat: located.latitude.toFixed(6), lon: located.longitude.toFixed(6), accuracy: located.accuracy }) : null}
        {located.state === "denied" ? t("visits.noLocation") : null}
      </p>
      <label>
        {t("visits.note")}
        <textarea name="note" maxLength={500} rows={2} />
      </label>
      {refused?.details ? <ProblemList problems={refused.details as Problem[]} messages="evidenceForm.problems" title="evidenceForm.problemsTitle" /> : null}
      {refused && !refused.details ? (
        <p className="form-error" role="alert">
          {refused.fieldErrors ? t(Object.values(refused.fieldErrors)[0]![0]!) : t(refused.error, refused.params)}
        </p>
      ) : null}
      <button type="submit" disabled={busy || located.state === "asking"}>
        {busy ? t("visits.sending") : t("visits.submit")}
      </button>
    </Form>
  );
}
