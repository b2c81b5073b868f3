import { useTranslation } from "react-i18next";

import type { Locale } from "~/domain/locale";

import { AcademyRanking } from "./academy-ranking";
import { AcademySessions, formatSession } from "./academy-sessions";
import { Notice } from "./notice";

interface Session {
  startsAt: Date | string;
  endsAt: Date | string;
}

export interface AcademyChildrenProps {
  locale: Locale;
  timezone: string;
  maxRanks: number;
  classes: readonly { id: number; title: string; teacher: string; room: string; sessions: readonly Session[] }[];
  allocated: boolean;
  children: readonly { id: number; name: string; ranks: readonly number[]; allocated: readonly number[] }[];
  /** The child whose wishes were just saved. */
  savedChildId: string | null;
  /** The refused post, if any: its child, values and errors. */
  failed?: { childId: number; values?: unknown; errors?: object } | null;
  busy: boolean;
}

/** Each child a family or club leader ranks for: their allocated classes and the ranking form. */
export function AcademyChildren({
  locale,
  timezone,
  maxRanks,
  classes: listed,
  allocated,
  children,
  savedChildId,
  failed,
  busy,
}: AcademyChildrenProps) {
  const { t } = useTranslation();
  const classes = listed.map((c) => {
    const first = c.sessions[0];
    return { ...c, label: first ? `${c.title} · ${formatSession(first, locale, timezone)}` : c.title };
  });
  const byId = new Map(classes.map((c) => [c.id, c]));
  return (
    <>
      {children.map((child) => {
        const error = failed?.childId === child.id ? failed : undefined;
        const posted = (error?.values as { ranks?: string[] } | undefined)?.ranks;
        return (
          <article key={child.id} id={`child-${child.id}`} className="card stack academy-child">
            <h2>{child.name}</h2>
            <Notice text={savedChildId === String(child.id) ? t("academy.familySaved") : null} />
            <section className="stack">
              <h3>{t("academy.yourClasses")}</h3>
              {!allocated ? (
                <p className="muted small">{t("academy.waitingForAllocation")}</p>
              ) : child.allocated.length === 0 ? (
                <p className="small">{t("academy.nothingAllocated")}</p>
              ) : (
                <ul className="academy-allocated">
                  {child.allocated.map((id) => {
                    const c = byId.get(id)!;
                    return (
                      <li key={id}>
                        <strong>{c.title}</strong>
                        <span className="small">
                          {" "}
                          · {c.teacher}
                          {c.room ? ` · ${t("academy.room")} ${c.room}` : ""}
                        </span>
                        <AcademySessions sessions={c.sessions} locale={locale} timeZone={timezone} />
                      </li>
                    );
                  })}
                </ul>
              )}
            </section>
            {classes.length > 0 ? (
              <AcademyRanking
                childId={child.id}
                maxRanks={maxRanks}
                classes={classes}
                ranks={posted ?? child.ranks}
                errors={error?.errors}
                busy={busy}
              />
            ) : (
              <p className="muted small">{t("academy.none")}</p>
            )}
          </article>
        );
      })}
    </>
  );
}
