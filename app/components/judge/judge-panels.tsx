import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import type { PanelEvent } from "~/.server/judging/judge-panels.server";

/** The judge's panels grouped by event and round, each a large link with its progress. */
export function JudgePanels({ events }: { events: readonly PanelEvent[] }) {
  const { t } = useTranslation();
  return (
    <div className="stack-lg">
      {events.map((event) => (
        <section key={event.id} className="stack" aria-labelledby={`judge-event-${event.id}`}>
          <h2 id={`judge-event-${event.id}`}>{event.title}</h2>
          {event.rounds.map((round) => (
            <section key={round.id} aria-labelledby={`judge-round-${round.id}`}>
              <h3 id={`judge-round-${round.id}`} className="judge-round">
                {t(`roundKind.${round.kind}`)}
                {round.city ? (
                  <span className="muted"> · {t(`city.${round.city}`, { defaultValue: round.city })}</span>
                ) : null}
                {round.date ? <span className="muted"> · {round.date}</span> : null}
                {round.blind ? <span className="chip judge-round__blind">{t("judge.blind")}</span> : null}
              </h3>
              <ul className="judge-panels">
                {round.panels.map((p) => {
                  const done = p.total > 0 && p.scored === p.total;
                  return (
                    <li key={p.assignmentId}>
                      <Link to={`/judge/panels/${p.assignmentId}`} className="card judge-panel">
                        <span className="judge-panel__name">
                          {p.nomination}
                          <span className="muted">
                            {" "}
                            · {p.ageGroup ? t("event.ageRange", p.ageGroup) : t("judge.allAgeGroups")}
                          </span>
                        </span>
                        <span className="judge-panel__facts">
                          <span className={done ? "pill pill--open" : "pill"}>
                            {t("judge.progress", { scored: p.scored, total: p.total })}
                          </span>
                          {p.isChair ? <span className="pill">{t("judge.chair")}</span> : null}
                        </span>
                        {p.hidden > 0 ? (
                          <span className="muted small">{t("judge.hidden", { count: p.hidden })}</span>
                        ) : null}
                        <progress
                          className="judge-panel__progress"
                          max={Math.max(1, p.total)}
                          value={p.scored}
                          aria-hidden="true"
                        />
                      </Link>
                    </li>
                  );
                })}
              </ul>
            </section>
          ))}
        </section>
      ))}
    </div>
  );
}
