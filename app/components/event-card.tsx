import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import type { EventCardView } from "~/.server/events/public-events.server";
import type { RegistrationState } from "~/domain/event-state";
import type { Locale } from "~/domain/locale";
import { formatDateRange } from "~/i18n/format";

import { stepTitle } from "./season-steps";

export interface EventCardProps {
  event: EventCardView;
  locale: Locale;
}

export function RegistrationBadge({ state }: { state: RegistrationState }) {
  const { t } = useTranslation();
  if (state === "none") return null;
  return <span className={`pill pill--${state}`}>{t(`registrationState.${state}`)}</span>;
}

export function EventCard({ event, locale }: EventCardProps) {
  const { t } = useTranslation();
  return (
    <article className="event-card">
      <p className="event-card__kind">
        {t(`kind.${event.kind}`)}
        {event.isDemo ? <span className="tag">{t("app.demo")}</span> : null}
      </p>
      <h3 className="event-card__title" lang={event.titleLang}>
        <Link to={`/events/${event.slug}`}>{event.title}</Link>
      </h3>
      <p className="event-card__when">
        <time dateTime={event.startsOn}>{formatDateRange(event.startsOn, event.endsOn, locale)}</time>
      </p>
      <p className="event-card__where">{t(`city.${event.city}`, { defaultValue: event.city })}</p>
      {event.season.length ? (
        <p className="event-card__season muted small">
          {event.season
            .map((s) => stepTitle(t, { kind: s.kind, parallel: s.rounds }) + (s.rounds > 1 ? `: ${s.rounds}` : ""))
            .join(" → ")}
        </p>
      ) : null}
      <RegistrationBadge state={event.registration} />
    </article>
  );
}

/** A titled list of event cards, or a line saying there are none. */
export function EventSection({
  id,
  heading,
  empty,
  events,
  locale,
}: {
  id: string;
  heading: string;
  empty: string;
  events: EventCardView[];
  locale: Locale;
}) {
  return (
    <section aria-labelledby={`${id}-heading`} className="event-section">
      <h2 id={`${id}-heading`}>{heading}</h2>
      {events.length ? (
        <div className="event-grid">
          {events.map((e) => (
            <EventCard key={e.slug} event={e} locale={locale} />
          ))}
        </div>
      ) : (
        <p className="muted">{empty}</p>
      )}
    </section>
  );
}
