import { useTranslation } from "react-i18next";

/** Each photo's SHA-256, for anyone to check against a file they hold (/photos/check). Needs the "certificate" messages. */
export function PhotoHashes({ photos }: { photos: { id: string; sha256: string }[] }) {
  const { t } = useTranslation();
  return (
    <ul className="hashes">
      {photos.map((photo) => (
        <li key={photo.id}>
          {t("certificate.sha256")}{" "}
          <code className="hash" data-testid="photo-sha256">
            {photo.sha256}
          </code>
        </li>
      ))}
    </ul>
  );
}
