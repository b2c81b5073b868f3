import { useTranslation } from "react-i18next";

/** An entry's status for families, with its wait-list place and reference code. */
export function EntryStatusBadge({
  status,
  position,
  reference,
}: {
  status: string;
  position: number | null;
  reference: string;
}) {
  const { t } = useTranslation();
  return (
    <p className="entry-status">
      <span className={`pill pill--entry-${status}`}>{t(`entryStatus.${status}`)}</span>
      {status === "waitlisted" && position ? (
        <span className="small"> {t("myEntries.position", { position })}</span>
      ) : null}
      <span className="entry-status__ref">{reference}</span>
    </p>
  );
}
