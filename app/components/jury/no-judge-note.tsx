import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/**
 * A section some of whose entries no judge may score: its only judges are recused by a conflict of
 * interest, or it has none. Without a judge added they stay unscored, so the note links to the panel.
 */
export function NoJudgeNote({
  entries,
  recused,
  section,
  addJudgeHref,
}: {
  entries: number;
  recused: boolean;
  /** The section's name, when the note stands apart from it. */
  section?: string;
  addJudgeHref: string;
}) {
  const { t } = useTranslation();
  return (
    <p className="alert alert--error no-judge-note" role="note">
      {section ? <strong>{section}: </strong> : null}
      {t(recused ? "jury.noJudge.recused" : "jury.noJudge.none", { count: entries })}{" "}
      <Link to={addJudgeHref}>{t("jury.noJudge.addJudge")}</Link>
    </p>
  );
}
