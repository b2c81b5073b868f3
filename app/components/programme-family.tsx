import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import type { FamilyClassView, FamilyItemView, FamilySlotView } from "~/.server/schedule/family-schedule.server";
import type { Locale } from "~/domain/locale";
import { formatDateTime } from "~/i18n/format";

import { ageLimits } from "./academy-sessions";
import { BlockHeading, clockTime, useProgrammeLabels } from "./programme";

/** A family's own performances and master classes: when and where each child is on, across events. */

function FamilyClass({ item, locale }: { item: FamilyClassView; locale: Locale }) {
  const { t } = useTranslation();
  const ages = item.ages ? ageLimits(item.ages.min, item.ages.max) : null;
  return (
    <li className="card family-slot family-slot--class">
      <p className="family-slot__when">
        <time dateTime={item.startsAt}>{formatDateTime(item.startsAt, locale, item.timezone)}</time>
        <span className="muted">–{clockTime(item.endsAt, item.timezone)}</span>
      </p>
      <p className="family-slot__children">{item.children.join(", ")}</p>
      <h3 className="programme-block__heading">
        <span className="programme-block__age">{t("programme.masterClass")}</span>
        <span lang={item.titleLang}>{item.title}</span>
      </h3>
      <p className="small">
        {[
          item.teacher ? t("programme.teacher", { name: item.teacher }) : null,
          item.room ? t("programme.room", { room: item.room }) : null,
          ages ? t(ages.key, ages.params) : null,
        ]
          .filter(Boolean)
          .join(" · ")}
      </p>
      <EventLink
        title={item.eventTitle}
        lang={item.eventTitleLang}
        to={`/events/${item.eventSlug}/classes`}
        label={t("academy.link")}
      />
    </li>
  );
}

/** Which event an item belongs to, and a link to the event's page for it. */
function EventLink({ title, lang, to, label }: { title: string; lang: string; to: string; label: string }) {
  return (
    <p className="small">
      <span className="muted" lang={lang}>
        {title}
      </span>{" "}
      · <Link to={to}>{label}</Link>
    </p>
  );
}

function FamilyItem({ item, locale }: { item: FamilyItemView; locale: Locale }) {
  return item.kind === "class" ? (
    <FamilyClass item={item} locale={locale} />
  ) : (
    <FamilySlot slot={item} locale={locale} />
  );
}

function FamilySlot({ slot, locale }: { slot: FamilySlotView; locale: Locale }) {
  const { t } = useTranslation();
  const { names } = useProgrammeLabels();
  return (
    <li className="card family-slot">
      <p className="family-slot__when">
        <time dateTime={slot.startsAt}>{formatDateTime(slot.startsAt, locale, slot.timezone)}</time>
        <span className="muted">–{clockTime(slot.endsAt, slot.timezone)}</span>
      </p>
      <p className="family-slot__children">{slot.children.join(", ")}</p>
      <BlockHeading
        nomination={slot.nomination}
        nominationLang={slot.nominationLang}
        ageGroup={slot.ageGroup}
        as="h3"
      />
      {slot.title ? <p className="programme-slot__piece">«{slot.title}»</p> : null}
      {slot.performers.length > slot.children.length ? (
        <p className="small">{t("programme.with", { names: names(slot.performers) })}</p>
      ) : null}
      <p className="small">
        <span lang={slot.stage.nameLang}>{slot.stage.name}</span>
        {slot.stage.venue ? ` · ${slot.stage.venue}` : null}
      </p>
      <EventLink
        title={slot.eventTitle}
        lang={slot.eventTitleLang}
        to={`/events/${slot.eventSlug}/programme`}
        label={t("programme.fullProgramme")}
      />
    </li>
  );
}

export function FamilySchedule({
  upcoming,
  past,
  locale,
}: {
  upcoming: FamilyItemView[];
  past: FamilyItemView[];
  locale: Locale;
}) {
  const { t } = useTranslation();
  const any = upcoming.length + past.length > 0;
  return (
    <section className="stack narrow-wide">
      <h1>{t("programme.mySchedule")}</h1>
      <p className="muted">{any ? t("programme.familyLead") : t("programme.familyNone")}</p>
      {any ? (
        <p>
          <a className="button" href={`/schedule.ics?lang=${locale}`} download>
            {t("programme.calendar")}
          </a>
        </p>
      ) : null}
      {upcoming.length ? (
        <section aria-labelledby="upcoming-heading" className="stack">
          <h2 id="upcoming-heading">{t("programme.upcoming")}</h2>
          <ol className="family-schedule">
            {upcoming.map((s) => (
              <FamilyItem key={s.key} item={s} locale={locale} />
            ))}
          </ol>
        </section>
      ) : null}
      {past.length ? (
        <details className="family-schedule__past">
          <summary className="summary-button">{t("programme.past", { count: past.length })}</summary>
          <ol className="family-schedule">
            {past.map((s) => (
              <FamilyItem key={s.key} item={s} locale={locale} />
            ))}
          </ol>
        </details>
      ) : null}
      <p className="muted small">{t("event.timesIn")}</p>
    </section>
  );
}
