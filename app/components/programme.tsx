import { TZDate } from "@date-fns/tz";
import { Link } from "@remix-run/react";
import { format } from "date-fns";
import { useTranslation } from "react-i18next";

import type { ClassSessionView } from "~/.server/schedule/class-sessions.server";
import type { ProgrammeDay, ProgrammePageView } from "~/.server/schedule/public-programme.server";
import type { AgeRange, BreakView, PerformanceView } from "~/.server/schedule/published-slots.server";
import type { Locale } from "~/domain/locale";
import { formatDate, formatDateTime } from "~/i18n/format";

import { ageLimits } from "./academy-sessions";

/*
 * The published programme as the public reads it: one section per day, on it one column per stage
 * (stacked on a phone, side by side on a wide screen), each a list of blocks headed by nomination
 * and age group, with breaks between them; the day's master classes in a column of their own.
 */

/** "16:00" on the event's clock: the same on the server and in the browser. */
export function clockTime(iso: string, timeZone: string): string {
  return format(new TZDate(Date.parse(iso), timeZone), "HH:mm");
}

export function useProgrammeLabels() {
  const { t } = useTranslation();
  return {
    age: (g: AgeRange | null) =>
      g ? (g.max >= 99 ? t("event.ageFrom", { min: g.min }) : t("event.ageRange", { min: g.min, max: g.max })) : null,
    names: (performers: (string | null)[]) => performers.map((n) => n ?? t("programme.participant")).join(", "),
    place: (p: { clubs: string[]; cities: string[] }) =>
      [...p.clubs, ...p.cities.map((c) => t(`city.${c}`, { defaultValue: c }))].join(", "),
  };
}

export function BlockHeading({
  nomination,
  nominationLang,
  ageGroup,
  as: Tag = "h4",
}: {
  nomination: string;
  nominationLang: string;
  ageGroup: AgeRange | null;
  as?: "h2" | "h3" | "h4";
}) {
  const { age } = useProgrammeLabels();
  const ageLabel = age(ageGroup);
  return (
    <Tag className="programme-block__heading">
      <span lang={nominationLang}>{nomination}</span>
      {ageLabel ? <span className="programme-block__age">{ageLabel}</span> : null}
    </Tag>
  );
}

function Performance({ p, timeZone }: { p: PerformanceView; timeZone: string }) {
  const { names, place } = useProgrammeLabels();
  const where = place(p);
  return (
    <li className="programme-slot">
      <time className="programme-slot__time" dateTime={p.startsAt}>
        {clockTime(p.startsAt, timeZone)}
      </time>
      <div className="programme-slot__body">
        <p className="programme-slot__names">{names(p.performers)}</p>
        {p.title ? <p className="programme-slot__piece">«{p.title}»</p> : null}
        {where ? <p className="programme-slot__place">{where}</p> : null}
      </div>
    </li>
  );
}

export function BreakLine({ item, timeZone }: { item: BreakView; timeZone: string }) {
  const { t } = useTranslation();
  return (
    <li className="programme-break">
      <time dateTime={item.startsAt}>
        {clockTime(item.startsAt, timeZone)}–{clockTime(item.endsAt, timeZone)}
      </time>
      <span>{t("programme.break")}</span>
    </li>
  );
}

function ClassSession({ c, timeZone }: { c: ClassSessionView; timeZone: string }) {
  const { t } = useTranslation();
  const ages = c.ages ? ageLimits(c.ages.min, c.ages.max) : null;
  const where = [c.room ? t("programme.room", { room: c.room }) : null, ages ? t(ages.key, ages.params) : null]
    .filter(Boolean)
    .join(" · ");
  return (
    <li className="programme-slot programme-class">
      <time className="programme-slot__time" dateTime={c.startsAt}>
        {clockTime(c.startsAt, timeZone)}
      </time>
      <div className="programme-slot__body">
        <p className="programme-slot__names" lang={c.titleLang}>
          {c.title}
        </p>
        <p className="programme-slot__place">{t("programme.until", { time: clockTime(c.endsAt, timeZone) })}</p>
        {c.teacher ? <p>{t("programme.teacher", { name: c.teacher })}</p> : null}
        {where ? <p className="programme-slot__place">{where}</p> : null}
      </div>
    </li>
  );
}

export function ProgrammeView({ programme, locale }: { programme: ProgrammePageView; locale: Locale }) {
  const { t } = useTranslation();
  const { event, days } = programme;
  const timeZone = event.timezone;
  return (
    <article className="programme">
      <p className="back-link">
        <Link to={`/events/${event.slug}`}>← {t("programme.back")}</Link>
      </p>
      <header className="programme__head">
        <p className="programme__event" lang={event.titleLang}>
          {event.title}
        </p>
        <h1>{t("programme.title")}</h1>
        <p className="muted small">
          {t("event.timesIn")}
          {programme.updatedAt
            ? ` ${t("programme.updated", { date: formatDateTime(programme.updatedAt, locale, timeZone) })}`
            : null}
        </p>
        {days.length ? (
          <p className="programme__actions">
            <a className="button" href={`/events/${event.slug}/programme.ics?lang=${locale}`} download>
              {t("programme.calendar")}
            </a>
            {programme.stages.length ? (
              <Link className="button button--quiet" to={`/events/${event.slug}/programme/now`}>
                {t("programme.nowAndNext")}
              </Link>
            ) : null}
          </p>
        ) : null}
      </header>

      {days.length === 0 ? <p className="card muted">{t("programme.notPublished")}</p> : null}

      <ProgrammeDays days={days} locale={locale} timeZone={timeZone} />
    </article>
  );
}

/**
 * A programme's days: a day per section, its stages and master classes. `level` is the heading
 * level of the days (2 on the programme page, 3 where the programme is a section of a page).
 */
export function ProgrammeDays({
  days,
  locale,
  timeZone,
  level = 2,
}: {
  days: ProgrammeDay[];
  locale: Locale;
  timeZone: string;
  level?: 2 | 3;
}) {
  const { t } = useTranslation();
  const Day = level === 2 ? "h2" : "h3";
  const Stage = level === 2 ? "h3" : "h4";
  return (
    <>
      {days.length > 1 ? (
        <nav className="programme__days" aria-label={t("programme.days")}>
          <ul className="chips chips--large">
            {days.map((day) => (
              <li key={day.date}>
                <a className="chip" href={`#day-${day.date}`}>
                  {formatDate(day.date, locale)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}

      {days.map((day) => (
        <section
          key={day.date}
          id={`day-${day.date}`}
          className="programme-day"
          aria-labelledby={`day-${day.date}-heading`}
        >
          <Day id={`day-${day.date}-heading`} className="programme-day__heading">
            {formatDate(day.date, locale)}
          </Day>
          <div className="programme-day__stages">
            {day.stages.map(({ stage, items }) => (
              <section key={stage.id} className="programme-stage" aria-labelledby={`stage-${day.date}-${stage.id}`}>
                <header className="programme-stage__head">
                  <Stage id={`stage-${day.date}-${stage.id}`} lang={stage.nameLang}>
                    {stage.name}
                  </Stage>
                  {stage.venue ? <p className="muted small">{stage.venue}</p> : null}
                </header>
                <ol className="programme-list">
                  {items.map((item) =>
                    item.kind === "break" ? (
                      <BreakLine key={item.slotId} item={item} timeZone={timeZone} />
                    ) : (
                      <li key={item.key} className="programme-block">
                        <BlockHeading
                          nomination={item.nomination}
                          nominationLang={item.nominationLang}
                          ageGroup={item.ageGroup}
                        />
                        <ol className="programme-block__list">
                          {item.performances.map((p) => (
                            <Performance key={p.slotId} p={p} timeZone={timeZone} />
                          ))}
                        </ol>
                      </li>
                    ),
                  )}
                </ol>
              </section>
            ))}
            {day.classes.length ? (
              <section className="programme-stage programme-classes" aria-labelledby={`classes-${day.date}`}>
                <header className="programme-stage__head">
                  <Stage id={`classes-${day.date}`}>{t("programme.masterClasses")}</Stage>
                </header>
                <ol className="programme-list">
                  {day.classes.map((c) => (
                    <ClassSession key={c.sessionId} c={c} timeZone={timeZone} />
                  ))}
                </ol>
              </section>
            ) : null}
          </div>
        </section>
      ))}
    </>
  );
}
