import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import type { RegistrationState } from "~/domain/event-state";
import type { Locale } from "~/domain/locale";
import { formatDate, formatDateRange, formatDateTime, formatNumber } from "~/i18n/format";

import { RegistrationBadge } from "./event-card";
import { Fact } from "./fact";
import { type SeasonStep, SeasonSteps } from "./season-steps";

export interface EventDetailsView {
  slug?: string;
  kind: string;
  city: string;
  title: string;
  titleLang: string;
  venue: string;
  description: string;
  descriptionLang: string;
  startsOn: string;
  endsOn: string;
  timezone: string;
  status: "draft" | "published" | "archived";
  isDemo: boolean;
  registration: RegistrationState;
  registrationOpensAt: string | null;
  registrationClosesAt: string | null;
  ageReferenceDate: string;
  capacity: number | null;
  /** A running order is published: the page links to the programme. */
  hasProgramme?: boolean;
  /** Some results are published: the page links to them. */
  hasResults?: boolean;
  nominations: {
    id: number;
    name: string;
    nameLang: string;
    discipline: string;
    entryKind: string;
    maxDurationMinutes: number | null;
    capacity: number | null;
    formats: { format: string; min: number; max: number }[];
  }[];
  ageGroups: { id: number; min: number; max: number }[];
  rounds: {
    id: number;
    kind: string;
    city: string | null;
    venue: string;
    startsOn: string | null;
    endsOn: string | null;
    advanceRule: string;
    advanceValue: number | null;
  }[];
  /** The rounds step by step (heats in parallel, galas), each with a page of its own; else `rounds` as a chain. */
  season?: SeasonStep[];
}

function RegistrationLine({ event, locale }: { event: EventDetailsView; locale: Locale }) {
  const { t } = useTranslation();
  const at = (iso: string) => formatDateTime(iso, locale, event.timezone);
  if (event.registration === "not_open_yet" && event.registrationOpensAt)
    return <>{t("event.registrationOpens", { date: at(event.registrationOpensAt) })}</>;
  if (event.registration === "open" && event.registrationClosesAt)
    return <>{t("event.registrationCloses", { date: at(event.registrationClosesAt) })}</>;
  if (event.registration === "closed" && event.registrationClosesAt)
    return <>{t("event.registrationClosed", { date: at(event.registrationClosesAt) })}</>;
  return null;
}

export function EventDetails({ event, locale }: { event: EventDetailsView; locale: Locale }) {
  const { t } = useTranslation();
  const ageLabel = (min: number, max: number) =>
    max >= 99 ? t("event.ageFrom", { min }) : t("event.ageRange", { min, max });
  return (
    <article className="event-page">
      <p className="back-link">
        <Link to="/">← {t("event.back")}</Link>
      </p>
      {event.status !== "published" ? (
        <p className="alert alert--warning" role="status">
          {t(`status.${event.status}`)} · {t("organiser.unpublishedNote")}
        </p>
      ) : null}
      <header className="event-hero">
        <p className="event-hero__kind">
          {t(`kind.${event.kind}`)}
          {event.isDemo ? (
            <span className="tag" title={t("app.demoNote")}>
              {t("app.demo")}
            </span>
          ) : null}
        </p>
        <h1 lang={event.titleLang}>{event.title}</h1>
        <dl className="facts">
          <Fact term={t("event.dates")}>
            <time dateTime={event.startsOn}>{formatDateRange(event.startsOn, event.endsOn, locale)}</time>
          </Fact>
          <Fact term={t("event.city")}>{t(`city.${event.city}`, { defaultValue: event.city })}</Fact>
          {event.venue ? <Fact term={t("event.venue")}>{event.venue}</Fact> : null}
          <Fact term={t("event.registration")}>
            <RegistrationBadge state={event.registration} />
            {event.registration === "none" ? t("registrationState.none") : null}
            <span className="facts__note">
              <RegistrationLine event={event} locale={locale} />
            </span>
            {event.kind === "academy" && event.slug && event.status === "published" ? (
              <Link className="button facts__cta" to={`/events/${event.slug}/classes`}>
                {t("academy.link")}
              </Link>
            ) : null}
            {event.registration === "open" && event.slug ? (
              <Link className="button button--primary facts__cta" to={`/events/${event.slug}/enter`}>
                {t("enter.cta")}
              </Link>
            ) : null}
          </Fact>
        </dl>
      </header>

      {event.hasProgramme && event.slug ? (
        <p className="event-programme-link">
          <Link className="button button--primary" to={`/events/${event.slug}/programme`}>
            {t("programme.link")}
          </Link>{" "}
          <span className="muted small">{t("programme.linkLead")}</span>
        </p>
      ) : null}
      {event.hasResults && event.slug ? (
        <p className="event-programme-link">
          <Link className="button button--primary" to={`/events/${event.slug}/results`}>
            {t("results.link")}
          </Link>{" "}
          <span className="muted small">{t("results.public.linkLead")}</span>
        </p>
      ) : null}

      {event.description ? (
        <p className="event-description" lang={event.descriptionLang}>
          {event.description}
        </p>
      ) : null}
      {event.capacity ? (
        <p className="muted">{t("event.eventCapacity", { places: formatNumber(event.capacity, locale) })}</p>
      ) : null}

      <section aria-labelledby="nominations-heading" className="event-section">
        <h2 id="nominations-heading">{t("event.nominations")}</h2>
        {event.nominations.length === 0 ? <p className="muted">{t("event.noNominations")}</p> : null}
        <ul className="nomination-list">
          {event.nominations.map((n) => {
            const discipline = t(`discipline.${n.discipline}`, { defaultValue: n.discipline });
            return (
              <li key={n.id} className="nomination">
                <h3 lang={n.nameLang}>{n.name}</h3>
                <p className="nomination__meta">
                  {discipline !== n.name ? <span>{discipline}</span> : null}
                  <span>{t(`entryKind.${n.entryKind}`)}</span>
                  {n.maxDurationMinutes ? (
                    <span>{t("event.maxDuration", { minutes: formatNumber(n.maxDurationMinutes, locale) })}</span>
                  ) : null}
                  {n.capacity ? <span>{t("event.capacity", { places: formatNumber(n.capacity, locale) })}</span> : null}
                </p>
                <ul className="chips" aria-label={t("event.formats")}>
                  {n.formats.map((f) => (
                    <li key={f.format} className="chip">
                      {t(`format.${f.format}`)}
                      {f.format === "ensemble" || f.min !== f.max ? (
                        <span className="chip__detail">
                          {" "}
                          ·{" "}
                          {f.min === f.max
                            ? t("event.membersExact", { number: f.min })
                            : t("event.members", { min: f.min, max: f.max })}
                        </span>
                      ) : null}
                    </li>
                  ))}
                </ul>
              </li>
            );
          })}
        </ul>
      </section>

      <section aria-labelledby="ages-heading" className="event-section">
        <h2 id="ages-heading">{t("event.ageGroups")}</h2>
        {event.ageGroups.length ? (
          <>
            <ul className="chips chips--large">
              {event.ageGroups.map((g) => (
                <li key={g.id} className="chip">
                  {ageLabel(g.min, g.max)}
                </li>
              ))}
            </ul>
            <p className="muted small">
              {t("event.ageReference", { date: formatDate(event.ageReferenceDate, locale) })}
            </p>
          </>
        ) : (
          <p className="muted">{t("event.noAgeGroups")}</p>
        )}
      </section>

      {event.season?.length ? (
        <section aria-labelledby="rounds-heading" className="event-section">
          <h2 id="rounds-heading">{t("event.rounds")}</h2>
          <SeasonSteps slug={event.slug} season={event.season} locale={locale} />
        </section>
      ) : event.rounds.length ? (
        <section aria-labelledby="rounds-heading" className="event-section">
          <h2 id="rounds-heading">{t("event.rounds")}</h2>
          <ol className="rounds">
            {event.rounds.map((r) => (
              <li key={r.id} className="round">
                <h3>{t(`roundKind.${r.kind}`)}</h3>
                <p className="muted">
                  {r.startsOn ? formatDateRange(r.startsOn, r.endsOn ?? r.startsOn, locale) : null}
                  {r.city ? ` · ${t(`city.${r.city}`, { defaultValue: r.city })}` : null}
                  {r.venue ? ` · ${r.venue}` : null}
                </p>
                {r.advanceRule === "top_n" && r.advanceValue !== null ? (
                  <p>{t("event.advanceTopN", { value: r.advanceValue })}</p>
                ) : null}
                {r.advanceRule === "min_score" && r.advanceValue !== null ? (
                  <p>{t("event.advanceMinScore", { value: formatNumber(r.advanceValue, locale) })}</p>
                ) : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      {event.registrationOpensAt || event.registrationClosesAt ? (
        <p className="muted small">{t("event.timesIn")}</p>
      ) : null}
    </article>
  );
}
