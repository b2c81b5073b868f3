import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Locale } from "~/domain/locale";
import { formatDateTime } from "~/i18n/format";
import { BlockHeading, clockTime, useProgrammeLabels, type AgeRange, type StageInfo } from "./programme";

/** A family's own performances: when and where each child is on, across events. */

export interface FamilySlotInfo {
  slotId: number;
  eventSlug: string;
  eventTitle: string;
  eventTitleLang: string;
  timezone: string;
  stage: StageInfo;
  startsAt: string;
  endsAt: string;
  nomination: string;
  nominationLang: string;
  ageGroup: AgeRange | null;
  title: string;
  children: string[];
  performers: (string | null)[];
}

function FamilySlot({ slot, locale }: { slot: FamilySlotInfo; locale: Locale }) {
  const { t } = useTranslation();
  const { names } = useProgrammeLabels();
  return (
    <li className="card family-slot">
      <p className="family-slot__when">
        <time dateTime={slot.startsAt}>{formatDateTime(slot.startsAt, locale, slot.timezone)}</time>
        <span className="muted">–{clockTime(slot.endsAt, slot.timezone)}</span>
      </p>
      <p className="family-slot__children">{slot.children.join(", ")}</p>
      <BlockHeading nomination={slot.nomination} nominationLang={slot.nominationLang} ageGroup={slot.ageGroup} as="h3" />
      {slot.title ? <p className="programme-slot__piece">«{slot.title}»</p> : null}
      {slot.performers.length > slot.children.length ? <p className="small">{t("programme.with", { names: names(slot.performers) })}</p> : null}
      <p className="small">
        <span lang={slot.stage.nameLang}>{slot.stage.name}</span>
        {slot.stage.venue ? ` · ${slot.stage.venue}` : null}
      </p>
      <p className="small">
        <span className="muted" lang={slot.eventTitleLang}>{slot.eventTitle}</span> ·{" "}
        <Link to={`/events/${slot.eventSlug}/programme`}>{t("programme.fullProgramme")}</Link>
      </p>
    </li>
  );
}

export function FamilySchedule({ upcoming, past, locale }: { upcoming: FamilySlotInfo[]; past: FamilySlotInfo[]; locale: Locale }) {
  const { t } = useTranslation();
  const any = upcoming.length + past.length > 0;
  return (
    <section className="stack narrow-wide">
      <h1>{t("programme.mySchedule")}</h1>
      <p className="muted">{any ? t("programme.familyLead") : t("programme.familyNone")}</p>
      {any ? (
        <p><a className="button" href="/schedule.ics" download>{t("programme.calendar")}</a></p>
      ) : null}
      {upcoming.length ? (
        <section aria-labelledby="upcoming-heading" className="stack">
          <h2 id="upcoming-heading">{t("programme.upcoming")}</h2>
          <ol className="family-schedule">
            {upcoming.map((s) => <FamilySlot key={s.slotId} slot={s} locale={locale} />)}
          </ol>
        </section>
      ) : null}
      {past.length ? (
        <details className="family-schedule__past">
          <summary className="summary-button">{t("programme.past", { count: past.length })}</summary>
          <ol className="family-schedule">
            {past.map((s) => <FamilySlot key={s.slotId} slot={s} locale={locale} />)}
          </ol>
        </details>
      ) : null}
      <p className="muted small">{t("event.timesIn")}</p>
    </section>
  );
}
