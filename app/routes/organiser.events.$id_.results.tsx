import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { requireEventRole } from "~/.server/accounts/auth.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { publicBaseUrl } from "~/.server/platform/urls.server";
import { computeRound } from "~/.server/results/compute.server";
import { type OverviewRound, type OverviewSection, resultsOverview } from "~/.server/results/overview.server";
import { lockSection, publishSection, unlockSection, unpublishSection } from "~/.server/results/publication.server";
import { isEventRound, resultsEvent } from "~/.server/results/section-facts.server";
import { type Locale, LOCALES } from "~/domain/locale";
import { FEDERATION_TIMEZONE } from "~/domain/time";
import { parseId } from "~/forms/ids";
import { redirectWithNotice, useNotice } from "~/http/notices";
import { badRequest, notFound } from "~/http/responses";
import { formatDateRange, formatDateTime } from "~/i18n/format";
import { resultsActionSchema } from "~/schemas/publication";

export const meta: MetaFunction = () => [{ title: "Toi" }, { name: "robots", content: "noindex" }];

const NOTICES = [
  "computed",
  "locked",
  "unlocked",
  "published",
  "republished",
  "unpublished",
  "already",
  "published_refused",
  "not_locked",
  "not_computed",
  "grand_prix_stale",
] as const;
type Notice = (typeof NOTICES)[number];
const PROBLEMS: readonly Notice[] = ["published_refused", "not_locked", "not_computed", "grand_prix_stale"];

// The event's organisers and admins only.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { eventId } = await requireEventRole(request, params.id, "organiser");
  const db = await getDb();
  const locale = await getLocale(request);
  const [event, rounds] = await Promise.all([resultsEvent(db, eventId, locale), resultsOverview(db, eventId, locale)]);
  return { locale, event, rounds };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { eventId, user } = await requireEventRole(request, params.id, "organiser");
  const parsed = resultsActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw badRequest();
  const db = await getDb();
  const back = (notice: Notice, extra: Record<string, number> = {}, hash = "") =>
    redirectWithNotice(`/organiser/events/${eventId}/results`, notice, extra, hash);
  const input = parsed.data;
  if (input.intent === "compute") {
    if (!(await isEventRound(db, eventId, input.roundId))) throw notFound();
    const summary = await computeRound(db, input.roundId);
    return back("computed", { count: summary.sections, skipped: summary.skippedLocked }, `round-${input.roundId}`);
  }
  const scope = { eventId, sectionId: input.sectionId };
  const outcome =
    input.intent === "lock"
      ? await lockSection(db, user, scope)
      : input.intent === "unlock"
        ? await unlockSection(db, user, scope)
        : input.intent === "publish"
          ? await publishSection(db, user, { ...scope, baseUrl: await publicBaseUrl(request) })
          : await unpublishSection(db, user, scope);
  const anchor = `section-${input.sectionId}`;
  if (outcome.status === "not_found") throw notFound();
  if (outcome.status === "refused")
    return back(outcome.reason === "published" ? "published_refused" : outcome.reason, {}, anchor);
  if (outcome.status === "published") return back("published", { count: outcome.emailed }, anchor);
  return back(outcome.status, {}, anchor);
}

export default function ResultsOverview() {
  const { t } = useTranslation();
  const { event, rounds } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const notice = useNotice(NOTICES);
  return (
    <section className="stack results-overview">
      <p>
        <Link to={`/organiser/events/${event.id}`}>← {event.title}</Link>
      </p>
      <div className="page-title">
        <h1>{t("results.overview.title")}</h1>
        {event.status === "published" ? (
          <Link className="button" to={`/events/${event.slug}/results`}>
            {t("results.overview.publicPage")}
          </Link>
        ) : null}
      </div>
      <p className="muted">{t("results.overview.lead")}</p>
      {notice ? (
        <p className={`alert ${PROBLEMS.includes(notice) ? "alert--error" : "alert--success"}`} role="status">
          {t(`results.overview.notice.${notice}`, {
            count: Number(params.get("count") ?? 0),
            skipped: Number(params.get("skipped") ?? 0),
          })}
        </p>
      ) : null}
      {rounds.length === 0 ? <p className="muted">{t("results.overview.noRounds")}</p> : null}
      {rounds.map((round) => (
        <RoundCard key={round.id} eventId={event.id} round={round} confirmId={parseId(params.get("confirm"))} />
      ))}
    </section>
  );
}

function RoundCard({
  eventId,
  round,
  confirmId,
}: {
  eventId: number;
  round: OverviewRound;
  confirmId: number | undefined;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const base = `/organiser/events/${eventId}/results`;
  const dates = round.startsOn ? formatDateRange(round.startsOn, round.endsOn ?? round.startsOn, locale) : null;
  const rule =
    round.advanceRule === "top_n"
      ? t("event.advanceTopN", { value: round.advanceValue })
      : round.advanceRule === "min_score"
        ? t("event.advanceMinScore", { value: round.advanceValue })
        : t("results.overview.noAdvance");
  return (
    <section className="card stack results-round" id={`round-${round.id}`} aria-labelledby={`round-${round.id}-title`}>
      <header className="results-round__head">
        <h2 id={`round-${round.id}-title`}>
          {t("results.overview.round", { number: round.number, kind: t(`roundKind.${round.kind}`) })}
        </h2>
        <p className="muted small results-round__facts">
          {[dates, round.city ? t(`city.${round.city}`, { defaultValue: round.city }) : null]
            .filter(Boolean)
            .join(" · ")}
          {round.blind ? <span className="badge">{t("results.overview.blind")}</span> : null}
        </p>
        {round.hasNextRound ? <p className="small results-round__rule">{rule}</p> : null}
      </header>
      <div className="results-round__actions">
        <Form method="post">
          <input type="hidden" name="roundId" value={round.id} />
          <button
            className="button button--primary"
            name="intent"
            value="compute"
            disabled={round.sections.length === 0}
          >
            {t("results.overview.compute")}
          </button>
        </Form>
        <a className="button" href={`${base}/export?format=xlsx&round=${round.id}`} download>
          {t("results.overview.exportXlsx")}
        </a>
        <a className="button" href={`${base}/export?format=csv&round=${round.id}`} download>
          {t("results.overview.exportCsv")}
        </a>
        {round.hasNextRound ? (
          <Link className="button" to={`${base}/advance?round=${round.id}`}>
            {t("results.overview.advance")}
          </Link>
        ) : null}
      </div>
      <p className="muted small">{t("results.overview.computeHint")}</p>
      {round.sections.length === 0 ? (
        <p className="muted">{t("results.overview.noSections")}</p>
      ) : (
        <ul className="results-sections">
          {round.sections.map((s) => (
            <SectionItem
              key={`${s.nominationId}:${s.ageGroupId ?? 0}`}
              eventId={eventId}
              roundId={round.id}
              section={s}
              confirming={s.sectionId !== null && s.sectionId === confirmId}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function SectionItem({
  eventId,
  roundId,
  section: s,
  confirming,
}: {
  eventId: number;
  roundId: number;
  section: OverviewSection;
  confirming: boolean;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const base = `/organiser/events/${eventId}/results`;
  const name = s.ageGroup
    ? `${s.nomination}, ${t("event.ageRange", { min: s.ageGroup.min, max: s.ageGroup.max })}`
    : s.nomination;
  const diplomas = (lang: Locale) =>
    `${base}/diplomas?${new URLSearchParams({ round: String(roundId), nomination: String(s.nominationId), ...(s.ageGroupId === null ? {} : { ageGroup: String(s.ageGroupId) }), lang })}`;
  return (
    <li className="results-section" id={s.sectionId ? `section-${s.sectionId}` : undefined}>
      <div className="results-section__main">
        <h3 className="results-section__name">
          {s.sectionId ? (
            <Link to={`${base}/${s.sectionId}`}>
              <span lang={s.nominationLang}>{name}</span>
            </Link>
          ) : (
            <span lang={s.nominationLang}>{name}</span>
          )}
        </h3>
        <dl className="results-section__facts">
          <div>
            <dt>{t("results.overview.entries")}</dt>
            <dd>{s.entries}</dd>
          </div>
          <div>
            <dt>{t("results.overview.scored")}</dt>
            <dd>{t("results.overview.scoredOf", { scored: s.fullyScored, entries: s.entries })}</dd>
          </div>
          <div>
            <dt>{t("results.overview.state")}</dt>
            <dd className="results-section__state">
              {s.computedAt ? (
                <span className="badge">
                  {t("results.overview.computedAt", {
                    when: formatDateTime(s.computedAt, locale, FEDERATION_TIMEZONE),
                  })}
                </span>
              ) : (
                <span className="badge badge--draft">{t("results.overview.notComputed")}</span>
              )}
              {s.lockedAt ? <span className="badge badge--locked">{t("results.overview.locked")}</span> : null}
              {s.publishedAt ? <span className="badge badge--published">{t("results.overview.published")}</span> : null}
            </dd>
          </div>
        </dl>
      </div>
      {s.sectionId ? (
        <div className="results-section__actions">
          <Form method="post" className="inline-form">
            <input type="hidden" name="sectionId" value={s.sectionId} />
            {!s.lockedAt ? (
              <button className="button" name="intent" value="lock">
                {t("results.overview.lock")}
              </button>
            ) : null}
            {s.lockedAt && !s.publishedAt ? (
              <button className="button" name="intent" value="unlock">
                {t("results.overview.unlock")}
              </button>
            ) : null}
            {s.publishedAt ? (
              <button className="button" name="intent" value="unpublish">
                {t("results.overview.unpublish")}
              </button>
            ) : null}
          </Form>
          {s.lockedAt && s.computedAt && !s.publishedAt && !confirming ? (
            <Link
              className="button button--primary"
              to={`?confirm=${s.sectionId}#section-${s.sectionId}`}
              preventScrollReset
            >
              {t("results.overview.publish")}
            </Link>
          ) : null}
          <Link className="button button--quiet" to={`${base}/${s.sectionId}`}>
            {t("results.overview.details")}
          </Link>
        </div>
      ) : null}
      {confirming ? (
        <Form method="post" className="alert alert--warning results-confirm" aria-labelledby={`confirm-${s.sectionId}`}>
          <p id={`confirm-${s.sectionId}`}>
            <strong>{t("results.overview.confirmTitle", { section: name })}</strong>
          </p>
          {/* Families hear about a section once: publishing it again after a correction emails no one. */}
          <p>
            {s.firstPublishedAt
              ? t("results.overview.confirmTextAgain", {
                  date: formatDateTime(s.firstPublishedAt, locale, FEDERATION_TIMEZONE),
                })
              : t("results.overview.confirmText")}
          </p>
          <input type="hidden" name="sectionId" value={s.sectionId ?? ""} />
          <div className="results-section__actions">
            <button className="button button--primary" name="intent" value="publish">
              {t(s.firstPublishedAt ? "results.overview.confirmButtonAgain" : "results.overview.confirmButton")}
            </button>
            <Link className="button" to={`${base}#section-${s.sectionId}`} replace>
              {t("results.overview.cancel")}
            </Link>
          </div>
        </Form>
      ) : null}
      {s.computedAt && s.placed > 0 ? (
        <p className="small results-section__diplomas">
          {t("results.overview.diplomas")}:{" "}
          {LOCALES.map((lang, i) => (
            <span key={lang}>
              {i > 0 ? " · " : null}
              <a href={diplomas(lang)} hrefLang={lang}>
                {t(`locale.${lang}`)}
              </a>
            </span>
          ))}
        </p>
      ) : null}
    </li>
  );
}
