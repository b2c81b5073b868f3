import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import type { RegistrationState } from "~/domain/event-state";
import type { Locale } from "~/domain/locale";
import { formatDateRange } from "~/i18n/format";

export interface EventCardProps {
  event: {
    slug: string;
    kind: string;
    city: string;
    title: string;
    titleLang: string;
    venue: string;
    startsOn: string;
    endsOn: string;
    registration: RegistrationState;
    isDemo: boolean;
  };
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
      <RegistrationBadge state={event.registration} />
    </article>
  );
}
