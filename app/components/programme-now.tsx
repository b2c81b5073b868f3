import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import type { StageNowPageView } from "~/.server/schedule/now-and-next.server";
import type { SlotView } from "~/.server/schedule/published-slots.server";

import { BlockHeading, clockTime, useProgrammeLabels } from "./programme";

/*
 * "Now and next" for a screen in the hall: big type, one stage, what is on and the next three.
 * The route refreshes the data; this only shows it.
 */

function SlotCard({ slot, timeZone, size }: { slot: SlotView; timeZone: string; size: "now" | "next" }) {
  const { t } = useTranslation();
  const { names, place } = useProgrammeLabels();
  const times = `${clockTime(slot.startsAt, timeZone)}–${clockTime(slot.endsAt, timeZone)}`;
  if (slot.kind === "break") {
    return (
      <div className={`now-next__slot now-next__slot--${size} now-next__slot--break`}>
        <p className="now-next__time">
          <time dateTime={slot.startsAt}>{times}</time>
        </p>
        <p className="now-next__names">{t("programme.break")}</p>
      </div>
    );
  }
  const where = place(slot);
  return (
    <div className={`now-next__slot now-next__slot--${size}`}>
      <p className="now-next__time">
        <time dateTime={slot.startsAt}>{times}</time>
      </p>
      <BlockHeading
        nomination={slot.nomination}
        nominationLang={slot.nominationLang}
        ageGroup={slot.ageGroup}
        as={size === "now" ? "h3" : "h4"}
      />
      <p className="now-next__names">{names(slot.performers)}</p>
      {slot.title ? <p className="now-next__piece">«{slot.title}»</p> : null}
      {where ? <p className="now-next__place">{where}</p> : null}
    </div>
  );
}

export function StageNow({ data }: { data: StageNowPageView }) {
  const { t } = useTranslation();
  const { event, stage, current, next } = data;
  const timeZone = event.timezone;
  const base = `/events/${event.slug}/programme/now`;

  if (!stage) {
    return (
      <section className="stack narrow-wide">
        <p className="back-link">
          <Link to={`/events/${event.slug}/programme`}>← {t("programme.title")}</Link>
        </p>
        <p className="muted" lang={event.titleLang}>
          {event.title}
        </p>
        <h1>{t("programme.nowAndNext")}</h1>
        {data.stages.length === 0 ? (
          <p className="card muted">{t("programme.notPublished")}</p>
        ) : (
          <h2>{t("programme.chooseStage")}</h2>
        )}
        <ul className="admin-links">
          {data.stages.map((s) => (
            <li key={s.id} className="card">
              <Link to={`${base}?stage=${s.id}`} lang={s.nameLang}>
                {s.name}
              </Link>
            </li>
          ))}
        </ul>
      </section>
    );
  }

  return (
    <section className="now-next" aria-live="polite">
      <header className="now-next__head">
        <div>
          <p className="now-next__event" lang={event.titleLang}>
            {event.title}
          </p>
          <h1 className="now-next__stage" lang={stage.nameLang}>
            {stage.name}
          </h1>
        </div>
        <p className="now-next__clock">
          <span className="visually-hidden">{t("programme.clock")} </span>
          <time dateTime={data.now}>{clockTime(data.now, timeZone)}</time>
        </p>
      </header>
      <div className="now-next__grid">
        <section className="now-next__current" aria-labelledby="now-heading">
          <h2 id="now-heading" className="now-next__label">
            {t("programme.nowOn")}
          </h2>
          {current ? (
            <SlotCard slot={current} timeZone={timeZone} size="now" />
          ) : (
            <p className="now-next__empty">
              {next.length
                ? t("programme.startsAt", { time: clockTime(next[0]!.startsAt, timeZone) })
                : t("programme.finished")}
            </p>
          )}
        </section>
        <section className="now-next__upcoming" aria-labelledby="next-heading">
          <h2 id="next-heading" className="now-next__label">
            {t("programme.next")}
          </h2>
          {next.length ? (
            <ol className="now-next__list">
              {next.map((slot) => (
                <li key={slot.slotId}>
                  <SlotCard slot={slot} timeZone={timeZone} size="next" />
                </li>
              ))}
            </ol>
          ) : (
            <p className="now-next__empty">—</p>
          )}
        </section>
      </div>
      <p className="now-next__foot muted small">
        {t("programme.autoRefresh")} <a href={`${base}?stage=${stage.id}`}>{t("programme.refresh")}</a> ·{" "}
        <Link to={`/events/${event.slug}/programme`}>{t("programme.title")}</Link>
      </p>
    </section>
  );
}
