import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

/**
 * A link to pass on: shown in full (it can be read out or typed), with a copy button, on devices
 * that have one the system's share sheet (Web Share API), and a QR code to scan from this screen
 * (qr: the image from app/utils/qr.server.ts). Without JavaScript the link is still there to select.
 */
export function ShareLink({ link, label, title, qr }: { link: string; label: string; title: string; qr?: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const [canShare, setCanShare] = useState(false);
  useEffect(() => setCanShare(typeof navigator !== "undefined" && typeof navigator.share === "function"), []);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied(true);
    } catch {
      // A browser that refuses the clipboard still shows the link to select by hand.
      setCopied(false);
    }
  };
  return (
    <div className="share-link stack">
      <label>
        {label}
        <input type="text" readOnly value={link} onFocus={(event) => event.currentTarget.select()} data-testid="share-link" />
      </label>
      <div className="row">
        <button type="button" className="secondary" onClick={() => void copy()}>
          {copied ? t("share.copied") : t("share.copy")}
        </button>
        {canShare ? (
          <button type="button" className="secondary" onClick={() => void navigator.share({ title, url: link }).catch(() => undefined)}>
            {t("share.share")}
          </button>
        ) : null}
      </div>
      <p className="muted" aria-live="polite">
        {copied ? t("share.copiedHint") : null}
      </p>
      {qr ? (
        <figure className="share-qr">
          <img src={qr} alt={t("share.qrAlt", { title })} width={176} height={176} data-testid="share-qr" />
          <figcaption className="muted">{t("share.qrHint")}</figcaption>
        </figure>
      ) : null}
    </div>
  );
}
