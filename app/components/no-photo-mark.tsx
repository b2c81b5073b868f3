import { useTranslation } from "react-i18next";

/**
 * "No photo/video", in words (not only a colour), beside an entry a performer of which has no
 * standing photo/video consent. For the organisers' views only: public pages never show it.
 */
export function NoPhotoMark({ show }: { show: boolean }) {
  const { t } = useTranslation();
  if (!show) return null;
  return <span className="no-photo-mark">{t("organiserEntries.noPhotoVideo")}</span>;
}
