import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import type { AdvancePage } from "~/.server/results/advancement.server";

/**
 * The round of the next step entries advance into here, with its rule; when the next step has
 * several rounds in parallel (heats, galas), a link to each.
 */
export function AdvanceTargets({
  shown,
  rule,
}: {
  shown: Pick<AdvancePage, "round" | "targets" | "next" | "several">;
  rule: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      {shown.targets.length > 1 ? (
        <nav className="schedule-rounds" aria-label={t("results.advance.targets")}>
          {shown.targets.map((r) => (
            <Link
              key={r.id}
              to={`?round=${shown.round.id}&to=${r.id}`}
              aria-current={r.id === shown.next?.id ? "page" : undefined}
              className={r.id === shown.next?.id ? "button button--primary" : "button"}
            >
              {r.label}
            </Link>
          ))}
        </nav>
      ) : null}
      <p>
        <strong>{t("results.advance.nextRound", { round: shown.next?.label })}</strong>
        <br />
        <span className="muted">{rule}</span>
        {shown.several ? (
          <>
            <br />
            <span className="muted small">{t("results.advance.several")}</span>
          </>
        ) : null}
      </p>
    </>
  );
}
