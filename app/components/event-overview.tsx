import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import type { EntryStatus } from "#db/types";
import { ENTRY_STATUSES } from "~/domain/entry-statuses";
import type { NextStep } from "~/domain/event-overview";
import type { RegistrationState } from "~/domain/event-state";
import { type Locale, localized } from "~/domain/locale";
import { formatDate, formatDateRange, formatDateTime, formatNumber } from "~/i18n/format";

import { Fact } from "./fact";
import { ScrollTable } from "./scroll-table";

/** What the organiser's event overview shows (the loader's data, as JSON). */
export interface EventOverviewView {
  locale: Locale;
  event: {
    id: number;
    kind: string;
    timezone: string;
    starts_on: string;
    ends_on: string;
    registrationOpensAt: string | null;
    registrationClosesAt: string | null;
    age_reference_date: string | null;
    capacity: number | null;
  };
  registration: RegistrationState;
  entries: Record<EntryStatus, number>;
  taken: number;
  nominations: {
    id: number;
    name_kk: string;
    name_ru: string;
    name_en: string;
    capacity: number | null;
    taken: number;
    waiting: number;
  }[];
  nextSteps: NextStep[];
}

/** Where each next step is done (publishing is the button at the top of the page). */
const STEP_PAGE: Record<NextStep, string | null> = {
  addNominations: "edit",
  addAgeGroups: "edit",
  addRounds: "edit",
  setRegistration: "edit",
  publish: null,
  reviewEntries: "entries?status=submitted",
  assignJury: "jury",
  buildSchedule: "schedule",
  publishResults: "results",
};

/**
 * The organiser's overview of one event: dates and deadlines, entries and places, the next steps
 * and the tools. Compact on purpose: the details are edited on their own page.
 */
export function EventOverviewPanels({ overview }: { overview: EventOverviewView }) {
  const { t } = useTranslation();
  const { locale, event, entries } = overview;
  const base = `/organiser/events/${event.id}`;
  const number = (n: number) => formatNumber(n, locale);
  const places = (taken: number, capacity: number | null) =>
    capacity === null
      ? t("overview.placesUnlimited", { taken: number(taken) })
      : t("overview.places", { taken: number(taken), capacity: number(capacity) });
  const when = (instant: string | null) =>
    instant ? formatDateTime(instant, locale, event.timezone) : t("overview.notSet");
  const tools = [
    { to: `${base}/entries`, label: t("organiserEntries.link") },
    ...(event.kind === "academy" ? [{ to: `${base}/classes`, label: t("academy.link") }] : []),
    { to: `${base}/schedule`, label: t("schedule.link") },
    { to: `${base}/jury`, label: t("jury.link") },
    { to: `${base}/results`, label: t("results.link") },
    { to: `${base}/dashboard`, label: t("overview.dashboard") },
    { to: `${base}/jobs`, label: t("jobs.link") },
  ];
  return (
    <div className="overview">
      <section className="card stack overview__steps" aria-labelledby="overview-steps">
        <h2 id="overview-steps">{t("overview.nextSteps")}</h2>
        {overview.nextSteps.length === 0 ? (
          <p className="muted">{t("overview.allDone")}</p>
        ) : (
          <ol className="overview__list">
            {overview.nextSteps.map((step) => {
              const page = STEP_PAGE[step];
              return (
                <li key={step}>
                  {page ? (
                    <Link to={`${base}/${page}`}>{t(`overview.step.${step}`, { n: number(entries.submitted) })}</Link>
                  ) : (
                    t(`overview.step.${step}`)
                  )}
                </li>
              );
            })}
          </ol>
        )}
      </section>
      <section className="card overview__dates" aria-labelledby="overview-dates">
        <h2 id="overview-dates">{t("overview.dates")}</h2>
        <dl className="facts facts--overview">
          <Fact term={t("event.dates")}>{formatDateRange(event.starts_on, event.ends_on, locale)}</Fact>
          <Fact term={t("overview.registrationOpens")}>{when(event.registrationOpensAt)}</Fact>
          <Fact term={t("overview.registrationCloses")}>
            {when(event.registrationClosesAt)}
            <span className="facts__note">{t(`registrationState.${overview.registration}`)}</span>
          </Fact>
          <Fact term={t("overview.ageReference")}>
            {event.age_reference_date ? formatDate(event.age_reference_date, locale) : t("overview.notSet")}
          </Fact>
        </dl>
      </section>
      <section className="card stack overview__entries" aria-labelledby="overview-entries">
        <h2 id="overview-entries">{t("overview.entries")}</h2>
        <dl className="facts facts--overview">
          {ENTRY_STATUSES.map((s) => (
            <Fact key={s} term={t(`entryStatus.${s}`)}>
              {entries[s] > 0 ? <Link to={`${base}/entries?status=${s}`}>{number(entries[s])}</Link> : number(0)}
            </Fact>
          ))}
          <Fact term={t("overview.eventPlaces")}>{places(overview.taken, event.capacity)}</Fact>
        </dl>
        {overview.nominations.length > 0 ? (
          <ScrollTable
            id="overview-nominations"
            caption={t("overview.byNomination")}
            columns={[t("event.nominations"), t("overview.placesTaken"), t("entryStatus.waitlisted")]}
          >
            {overview.nominations.map((n) => (
              <tr key={n.id}>
                <td>{localized(n, "name", locale)}</td>
                <td className={n.capacity !== null && n.taken >= n.capacity ? "overview__full" : undefined}>
                  {places(n.taken, n.capacity)}
                </td>
                <td>{number(n.waiting)}</td>
              </tr>
            ))}
          </ScrollTable>
        ) : null}
      </section>
      <nav className="card stack overview__tools" aria-labelledby="overview-tools">
        <h2 id="overview-tools">{t("overview.tools")}</h2>
        <ul className="overview__tool-list">
          {tools.map((tool) => (
            <li key={tool.to}>
              <Link className="button" to={tool.to}>
                {tool.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </div>
  );
}
