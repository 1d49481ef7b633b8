import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Step } from "~/redemption/certificate-record.server";
import { PhotoHashes } from "./photo-hashes";
import { PhotoThumbs } from "./photo-thumbs";

export type PublicEvidence = {
  id: string;
  kind: string;
  stand: number | null;
  plot: string | null;
  surveyYear: number | null;
  occurredOn: string;
  latitude: number;
  longitude: number;
  crewSize: number | null;
  photos: { id: string; fileName: string; sha256: string }[];
};

type Record = {
  timelines: { codes: string[]; steps: Step[] }[];
  evidence: PublicEvidence[];
};

/** A certificate's plots on the ground, for anyone: their steps and the records behind them with each photo's hash. */
export function CertificateRecord({ record }: { record: Record }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="record-title" data-testid="certificate-record">
      <h2 id="record-title">{t("certificate.recordTitle")}</h2>
      <p className="muted">{t("certificate.recordIntro")}</p>
      <ul className="timeline-list">
        {record.timelines.map((line) => (
          <li key={line.codes.join()} data-testid="certificate-timeline">
            <code>{line.codes.join(", ")}</code>:{" "}
            {line.steps.map((step, i) => (
              <span key={i} className="step" data-step={step.kind}>
                {i > 0 ? " → " : ""}
                {t(`certificate.step.${step.kind}`, {
                  date: step.on,
                  year: step.year
                    ? t("certificate.years", { count: step.year })
                    : "",
                })}
              </span>
            ))}
          </li>
        ))}
      </ul>
      {record.evidence.length === 0 ? (
        <p className="notice">{t("certificate.noRecords")}</p>
      ) : (
        <PublicEvidenceList evidence={record.evidence} />
      )}
      <p className="row">
        <Link to="/photos/check" data-testid="check-photo-link">
          {t("certificate.checkPhoto")}
        </Link>{" "}
        · <Link to="/transparency/log">{t("certificate.publicLog")}</Link>
      </p>
    </section>
  );
}

/** Records on the ground as anyone may see them: what, when, where, how many people, and each photo with its SHA-256. */
export function PublicEvidenceList({
  evidence,
}: {
  evidence: PublicEvidence[];
}) {
  const { t } = useTranslation();
  return (
    <ul className="evidence-list">
      {evidence.map((e) => (
        <li key={e.id} data-testid="certificate-evidence-record">
          <p>
            <strong>{t(`evidence.kind.${e.kind}`)}</strong>
            {e.surveyYear
              ? ` (${t("evidence.survivalYear", { count: e.surveyYear })})`
              : ""}{" "}
            · {e.occurredOn} ·{" "}
            {e.plot ?? t("evidence.stand", { stand: e.stand })}
            {e.crewSize
              ? ` · ${t("certificate.crewSize", { count: e.crewSize })}`
              : ""}
          </p>
          <p className="muted">
            {t("evidence.gps", {
              lat: e.latitude.toFixed(6),
              lon: e.longitude.toFixed(6),
            })}
          </p>
          <PhotoThumbs photos={e.photos} />
          <PhotoHashes photos={e.photos} />
        </li>
      ))}
    </ul>
  );
}
