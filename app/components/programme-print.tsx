import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import type { RunningOrderView } from "~/.server/schedule/public-programme.server";
import type { StageView } from "~/.server/schedule/published-slots.server";
import type { Locale } from "~/domain/locale";
import { formatDate } from "~/i18n/format";

import { clockTime, useProgrammeLabels } from "./programme";

/*
 * The stage managers' running order: one printed page per stage and day, order numbers and large
 * times, whole names. The site's header and footer are hidden in print by the stylesheet.
 */

export function RunningOrder({
  data,
  stageId,
  allStages,
  locale,
}: {
  data: RunningOrderView;
  stageId: number | null;
  /** Every stage with a published running order, for the stage filter. */
  allStages: StageView[];
  locale: Locale;
}) {
  const { t } = useTranslation();
  const { age, names, place } = useProgrammeLabels();
  const { event, days } = data;
  const base = `/events/${event.slug}/programme/print`;
  return (
    <article className="running-order">
      <div className="running-order__controls">
        <p className="back-link">
          <Link to={`/events/${event.slug}/programme`}>← {t("programme.title")}</Link>
        </p>
        <h1>{t("programme.runningOrder")}</h1>
        <p className="muted" lang={event.titleLang}>
          {event.title}
        </p>
        {allStages.length > 1 ? (
          <nav aria-label={t("programme.stages")}>
            <ul className="chips chips--large">
              <li>
                <Link className="chip" to={base} aria-current={stageId === null ? "page" : undefined}>
                  {t("programme.allStages")}
                </Link>
              </li>
              {allStages.map((s) => (
                <li key={s.id}>
                  <Link
                    className="chip"
                    to={`${base}?stage=${s.id}`}
                    lang={s.nameLang}
                    aria-current={stageId === s.id ? "page" : undefined}
                  >
                    {s.name}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        {days.length ? (
          <p>
            <button type="button" className="button button--primary" onClick={() => window.print()}>
              {t("programme.print")}
            </button>{" "}
            <span className="muted small">{t("programme.printHint")}</span>
          </p>
        ) : (
          <p className="card muted">{t("programme.notPublished")}</p>
        )}
      </div>

      {days.flatMap((day) =>
        day.stages.map(({ stage, items }) => (
          <section
            key={`${day.date}-${stage.id}`}
            className="running-order__page"
            aria-labelledby={`ro-${day.date}-${stage.id}`}
          >
            <header className="running-order__head">
              <p className="running-order__event" lang={event.titleLang}>
                {event.title}
              </p>
              <h2 id={`ro-${day.date}-${stage.id}`}>
                <span lang={stage.nameLang}>{stage.name}</span> · {formatDate(day.date, locale)}
              </h2>
              {stage.venue ? <p className="muted">{stage.venue}</p> : null}
            </header>
            <table className="running-order__table">
              <colgroup>
                <col className="running-order__col-order" />
                <col className="running-order__col-time" />
                <col className="running-order__col-names" />
                <col />
                <col />
              </colgroup>
              <thead>
                <tr>
                  <th scope="col">{t("programme.order")}</th>
                  <th scope="col">{t("programme.time")}</th>
                  <th scope="col">{t("programme.performers")}</th>
                  <th scope="col">{t("programme.piece")}</th>
                  <th scope="col">{t("programme.clubCity")}</th>
                </tr>
              </thead>
              {items.map((item) =>
                item.kind === "break" ? (
                  <tbody key={item.slotId}>
                    <tr className="running-order__break">
                      <td />
                      <td className="running-order__time">{clockTime(item.startsAt, event.timezone)}</td>
                      <td colSpan={3}>
                        {t("programme.break")} ·{" "}
                        {t("programme.until", { time: clockTime(item.endsAt, event.timezone) })}
                      </td>
                    </tr>
                  </tbody>
                ) : (
                  <tbody key={item.key}>
                    <tr className="running-order__group">
                      <th colSpan={5} scope="colgroup">
                        <span lang={item.nominationLang}>{item.nomination}</span>
                        {item.ageGroup ? ` · ${age(item.ageGroup)}` : null}
                      </th>
                    </tr>
                    {item.performances.map((p) => (
                      <tr
                        key={p.slotId}
                        className={
                          p.withdrawn ? "running-order__row running-order__row--withdrawn" : "running-order__row"
                        }
                      >
                        <td className="running-order__order">{p.order ?? "—"}</td>
                        <td className="running-order__time">{clockTime(p.startsAt, event.timezone)}</td>
                        <td>
                          {names(p.performers)}
                          {p.withdrawn ? (
                            <span className="pill running-order__withdrawn">{t("programme.withdrawn")}</span>
                          ) : null}
                        </td>
                        <td>{p.title}</td>
                        <td>{place(p)}</td>
                      </tr>
                    ))}
                  </tbody>
                ),
              )}
            </table>
          </section>
        )),
      )}
    </article>
  );
}
