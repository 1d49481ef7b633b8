import { useTranslation } from "react-i18next";

/** The trace codes of what was shipped, each with the QR code a phone scans to its public page. */
export function TraceCodes({ traces }: { traces: { code: string; url: string; qr: string }[] }) {
  const { t } = useTranslation();
  if (!traces.length) return null;
  return (
    <ul className="trace-codes">
      {traces.map((trace) => (
        <li key={trace.code} data-testid="trace-code">
          <img src={trace.qr} alt={t("trace.scan")} width={140} height={140} data-testid="trace-qr" />
          <p>
            {t("trace.packed")}
            <a href={trace.url}>
              <code>{trace.code}</code>
            </a>
          </p>
        </li>
      ))}
    </ul>
  );
}
