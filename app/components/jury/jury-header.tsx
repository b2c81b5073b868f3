import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export const JURY_TABS = ["criteria", "panels", "conflicts", "rules"] as const;
export type JuryTab = (typeof JURY_TABS)[number];

const path = (eventId: number, tab: JuryTab) =>
  `/organiser/events/${eventId}/jury${tab === "criteria" ? "" : `/${tab}`}`;

/** The jury pages' heading and tabs: criteria, panels, conflicts of interest, scoring rules. */
export function JuryHeader({ event, current }: { event: { id: number; title: string }; current: JuryTab }) {
  const { t } = useTranslation();
  return (
    <>
      <p className="back-link">
        <Link to={`/organiser/events/${event.id}`}>← {event.title}</Link>
      </p>
      <div className="page-title">
        <h1>{t("jury.title")}</h1>
      </div>
      <p className="muted">{t("jury.lead")}</p>
      <nav className="schedule-rounds" aria-label={t("jury.tabsLabel")}>
        {JURY_TABS.map((tab) => (
          <Link
            key={tab}
            to={path(event.id, tab)}
            aria-current={tab === current ? "page" : undefined}
            className={tab === current ? "button button--primary" : "button"}
            prefetch="intent"
          >
            {t(`jury.tabs.${tab}`)}
          </Link>
        ))}
      </nav>
    </>
  );
}

/** The jury pages' notices: the shared Notice. */
export { Notice as JuryNotice } from "../notice";
