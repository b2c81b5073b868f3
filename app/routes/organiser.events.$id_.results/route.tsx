import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { requireEventRole } from "~/.server/accounts/auth.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { publicBaseUrl } from "~/.server/platform/urls.server";
import { computeRound } from "~/.server/results/compute.server";
import { resultsOverview } from "~/.server/results/overview.server";
import { lockSection, publishSection, unlockSection, unpublishSection } from "~/.server/results/publication.server";
import { applyToRound, roundActionSummary } from "~/.server/results/round-publication.server";
import { isEventRound, resultsEvent } from "~/.server/results/section-facts.server";
import { BackLink } from "~/components/back-link";
import { parseId } from "~/forms/ids";
import { readForm } from "~/http/forms";
import { eventTitleIn, titled } from "~/http/meta";
import { redirectWithNotice, useNotice } from "~/http/notices";
import { badRequest, notFound } from "~/http/responses";
import { resultsActionSchema, roundBulkQuerySchema } from "~/schemas/publication";

import { RoundCard } from "./round-card";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  titled(matches, "results.overview.title", { context: [eventTitleIn(data)] });

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
  "round_locked",
  "round_published",
] as const;
type Notice = (typeof NOTICES)[number];
const PROBLEMS: readonly Notice[] = ["published_refused", "not_locked", "not_computed", "grand_prix_stale"];

// The event's organisers and admins only.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { eventId } = await requireEventRole(request, params.id, "organiser");
  const db = await getDb();
  const locale = await getLocale(request);
  const bulk = roundBulkQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const [event, rounds, summary] = await Promise.all([
    resultsEvent(db, eventId, locale),
    resultsOverview(db, eventId, locale),
    bulk.success ? roundActionSummary(db, { eventId, roundId: bulk.data.round, action: bulk.data.bulk, locale }) : null,
  ]);
  return { locale, event, rounds, summary };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { eventId, user } = await requireEventRole(request, params.id, "organiser");
  const form = await readForm(request);
  const parsed = resultsActionSchema.safeParse({ ...Object.fromEntries(form), include: form.getAll("include") });
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
  if (input.intent === "lock_round" || input.intent === "publish_round") {
    const action = input.intent === "lock_round" ? "lock" : "publish";
    const result = await applyToRound(db, user, {
      eventId,
      roundId: input.roundId,
      action,
      include: input.include,
      baseUrl: await publicBaseUrl(request),
      locale: await getLocale(request),
    });
    if (result.status === "not_found") throw notFound();
    const { changed, skipped, refused, emailed } = result;
    return back(
      action === "lock" ? "round_locked" : "round_published",
      { count: changed, skipped, refused, emailed },
      `round-${input.roundId}`,
    );
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
  const { event, rounds, summary } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const notice = useNotice(NOTICES);
  return (
    <section className="stack results-overview">
      <BackLink to={`/organiser/events/${event.id}`}>{event.title}</BackLink>
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
            refused: Number(params.get("refused") ?? 0),
            emailed: Number(params.get("emailed") ?? 0),
          })}
        </p>
      ) : null}
      {rounds.length === 0 ? <p className="muted">{t("results.overview.noRounds")}</p> : null}
      {rounds.map((round) => (
        <RoundCard
          key={round.id}
          eventId={event.id}
          round={round}
          confirmId={parseId(params.get("confirm"))}
          summary={summary?.round.id === round.id ? summary : null}
        />
      ))}
    </section>
  );
}
