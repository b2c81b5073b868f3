import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import type { EventJob } from "~/.server/jobs/event-jobs.server";
import type { Locale } from "~/domain/locale";
import { FEDERATION_TIMEZONE } from "~/domain/time";
import { formatNumber, formatShortDateTime } from "~/i18n/format";

const KINDS = ["diplomas", "entries_export", "results_export"];

/** "12 s" or "4 min": a time left, rounded up to what a person reads. */
function useTimeLeft() {
  const { t } = useTranslation();
  return (seconds: number) =>
    seconds < 90 ? t("jobs.seconds", { count: seconds }) : t("jobs.minutes", { count: Math.ceil(seconds / 60) });
}

function fileSize(bytes: number, locale: Locale): string {
  return bytes >= 1024 * 1024
    ? `${formatNumber(Math.round((bytes / 1024 / 1024) * 10) / 10, locale)} MB`
    : `${formatNumber(Math.max(1, Math.round(bytes / 1024)), locale)} KB`;
}

/** An event's background jobs: what each is, how far it is, and what can be done with it. */
export function JobList({
  jobs,
  rounds,
  eventId,
  locale,
}: {
  jobs: EventJob[];
  rounds: { id: number; number: number }[];
  eventId: number;
  locale: Locale;
}) {
  const { t } = useTranslation();
  const timeLeft = useTimeLeft();
  if (jobs.length === 0) return <p className="muted">{t("jobs.none")}</p>;
  const roundNumber = (id: number | null) => rounds.find((r) => r.id === id)?.number;
  return (
    <ul className="job-list">
      {jobs.map((job) => {
        const number = roundNumber(job.roundId);
        const details = [
          number ? t("jobs.round", { number }) : null,
          job.lang ? t(`locale.${job.lang}`) : null,
          job.format ? job.format.toUpperCase() : null,
        ].filter(Boolean);
        return (
          <li key={job.id} className="card job" id={`job-${job.id}`}>
            <div className="job__head">
              <h3 className="job__title">
                {t(`jobs.kind.${KINDS.includes(job.kind) ? job.kind : "other"}`)}
                {details.length ? <span className="muted job__details"> · {details.join(" · ")}</span> : null}
              </h3>
              <span className={`badge badge--job-${job.state}`}>{t(`jobs.state.${job.state}`)}</span>
            </div>
            {job.state === "running" || job.state === "queued" ? (
              <div className="job__progress">
                <progress
                  className="job__bar"
                  max={job.total ?? undefined}
                  value={job.total ? job.done : undefined}
                  aria-label={t("jobs.progressLabel", { id: job.id })}
                />
                <p className="small muted job__numbers">
                  {job.total !== null
                    ? t("jobs.progress", {
                        done: formatNumber(job.done, locale),
                        total: formatNumber(job.total, locale),
                      })
                    : null}
                  {job.percent !== null ? ` (${job.percent} %)` : null}
                  {job.secondsLeft ? ` · ${t("jobs.left", { time: timeLeft(job.secondsLeft) })}` : null}
                </p>
              </div>
            ) : null}
            {job.state === "failed" ? (
              <p className="alert alert--error">{t(job.reason ?? "jobs.errors.generic")}</p>
            ) : null}
            <p className="small muted">
              {t("jobs.queuedAt", { when: formatShortDateTime(job.createdAt, locale, FEDERATION_TIMEZONE) })}
              {job.finishedAt
                ? ` · ${t("jobs.finishedAt", { when: formatShortDateTime(job.finishedAt, locale, FEDERATION_TIMEZONE) })}`
                : null}
            </p>
            <div className="job__actions">
              {job.file ? (
                <a
                  className="button button--primary"
                  href={`/organiser/events/${eventId}/jobs/${job.id}/download`}
                  download
                >
                  {t("jobs.download")}{" "}
                  <span className="job__file">
                    ({job.file.name}, {fileSize(job.file.bytes, locale)})
                  </span>
                </a>
              ) : null}
              {job.state === "queued" || job.state === "running" ? (
                <JobButton jobId={job.id} intent="cancel" label={t("jobs.cancel")} />
              ) : null}
              {job.state === "failed" || job.state === "cancelled" ? (
                <JobButton jobId={job.id} intent="retry" label={t("jobs.retry")} />
              ) : null}
            </div>
          </li>
        );
      })}
    </ul>
  );
}

function JobButton({ jobId, intent, label }: { jobId: number; intent: "cancel" | "retry"; label: string }) {
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="jobId" value={jobId} />
      <button className="button" name="intent" value={intent}>
        {label}
      </button>
    </Form>
  );
}
