import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { requireEventRole } from "~/.server/accounts/auth.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { publicBaseUrl } from "~/.server/platform/urls.server";
import {
  advancementPage,
  advanceSectionPage,
  applyAdvanceRule,
  confirmAdvancement,
} from "~/.server/results/advancement.server";
import { resultsEvent } from "~/.server/results/section-facts.server";
import { parseId } from "~/forms/ids";
import { readForm } from "~/http/forms";
import { readIntent } from "~/http/intents";
import { eventTitleIn, titled } from "~/http/meta";
import { redirectWithNotice, useNotice } from "~/http/notices";
import { badRequest, notFound } from "~/http/responses";
import { advanceRuleSchema, advanceSchema } from "~/schemas/publication";

import { AdvanceTargets } from "./advance-targets";
import { SectionEntries } from "./section-entries";
import { SectionList } from "./section-list";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  titled(matches, "results.advance.title", { context: [eventTitleIn(data)] });

const NOTICES = ["done", "no_next", "invalid"] as const;

/** `?name=` as an id: missing is null, anything else not an id is a page that doesn't exist. */
function idParam(url: URL, name: string): number | null {
  const raw = url.searchParams.get(name);
  if (raw === null) return null;
  const id = parseId(raw);
  if (id === undefined) throw notFound();
  return id;
}

// The event's organisers and admins only. Without `?section=` the round's sections with their
// counts; with it, one page of that section's entries to choose from; `?to=` names the round of the
// next step they advance into (the first of them when not named).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { eventId } = await requireEventRole(request, params.id, "organiser");
  const db = await getDb();
  const locale = await getLocale(request);
  const url = new URL(request.url);
  const [roundId, sectionId] = [idParam(url, "round"), idParam(url, "section")];
  const asked = { roundId, targetId: idParam(url, "to") };
  const pageNumber = parseId(url.searchParams.get("page")) ?? null;
  const [event, page, section] = await Promise.all([
    resultsEvent(db, eventId, locale),
    sectionId === null ? advancementPage(db, eventId, asked, locale) : null,
    sectionId === null ? null : advanceSectionPage(db, eventId, asked, sectionId, pageNumber, locale),
  ]);
  if (sectionId === null ? !page && (roundId !== null || asked.targetId !== null) : !section) throw notFound();
  return { event, page, section };
}

/** Applies the round's rule ("rule") or saves the ticks of a page of a section ("choose"). */
async function advanceAsAsked(form: FormData, eventId: number, actor: { id: number; email: string }, baseUrl: string) {
  const db = await getDb();
  if (readIntent(form, ["choose", "rule"] as const) === "rule") {
    const parsed = advanceRuleSchema.safeParse({
      roundId: form.get("roundId"),
      sectionId: form.get("sectionId") ?? undefined,
      targetId: form.get("targetId") ?? undefined,
    });
    if (!parsed.success) throw badRequest();
    const { roundId, sectionId = null, targetId = null } = parsed.data;
    const outcome = await applyAdvanceRule(db, actor, { eventId, roundId, targetId, sectionId, baseUrl });
    return { roundId, outcome };
  }
  const parsed = advanceSchema.safeParse({
    roundId: form.get("roundId"),
    sectionIds: form.getAll("sectionId"),
    entryIds: form.getAll("entryId"),
    shownIds: form.getAll("shownId"),
    targetId: form.get("targetId") ?? undefined,
  });
  if (!parsed.success) throw badRequest();
  const { shownIds, ...choice } = parsed.data;
  const outcome = await confirmAdvancement(db, actor, {
    eventId,
    ...choice,
    ...(shownIds.length ? { shownEntryIds: shownIds } : {}),
    baseUrl,
  });
  return { roundId: choice.roundId, outcome };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { eventId, user } = await requireEventRole(request, params.id, "organiser");
  const { roundId, outcome } = await advanceAsAsked(
    await readForm(request),
    eventId,
    user,
    await publicBaseUrl(request),
  );
  if (outcome.status === "not_found") throw notFound();
  const counts =
    outcome.status === "done"
      ? {
          added: outcome.added.length,
          removed: outcome.removed.length,
          kept: outcome.kept.length,
          elsewhere: outcome.elsewhere.length,
          emailed: outcome.emailed,
        }
      : {};
  // Back to the page the form was on: the sections, or the same page of a section.
  const asked = new URL(request.url).searchParams;
  const back = new URLSearchParams({ round: String(roundId) });
  for (const key of ["to", "section", "page"]) {
    const id = parseId(asked.get(key));
    if (id) back.set(key, String(id));
  }
  return redirectWithNotice(`/organiser/events/${eventId}/results/advance?${back}`, outcome.status, counts);
}

export default function Advancement() {
  const { t } = useTranslation();
  const { event, page, section } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const notice = useNotice(NOTICES);
  const counts = Object.fromEntries(
    ["added", "removed", "kept", "elsewhere", "emailed"].map((k) => [k, Number(params.get(k) ?? 0)]),
  );
  const shown = section ?? page;
  const rule =
    shown?.rule.advanceRule === "top_n"
      ? t("event.advanceTopN", { value: shown.rule.advanceValue })
      : shown?.rule.advanceRule === "min_score"
        ? t("event.advanceMinScore", { value: shown.rule.advanceValue })
        : t("results.overview.noAdvance");
  return (
    <section className="stack results-advance">
      <p>
        <Link to={`/organiser/events/${event.id}/results`}>
          ← {t("results.overview.title")}: {event.title}
        </Link>
      </p>
      <h1>{t("results.advance.title")}</h1>
      {section ? null : <p className="muted">{t("results.advance.lead")}</p>}
      {notice ? (
        <div className={`alert ${notice === "done" ? "alert--success" : "alert--error"}`} role="status">
          <p>{t(`results.advance.notice.${notice}`, counts)}</p>
          {notice === "done" && counts.kept ? <p>{t("results.advance.notice.kept", counts)}</p> : null}
          {notice === "done" && counts.elsewhere ? <p>{t("results.advance.notice.elsewhere", counts)}</p> : null}
        </div>
      ) : null}
      {page && page.rounds.length > 1 ? (
        <nav className="schedule-rounds" aria-label={t("results.advance.round")}>
          {page.rounds.map((r) => (
            <Link
              key={r.id}
              to={`?round=${r.id}`}
              aria-current={r.id === page.round.id ? "page" : undefined}
              className={r.id === page.round.id ? "button button--primary" : "button"}
            >
              {t("results.overview.round", { number: r.number, kind: t(`roundKind.${r.kind}`) })}
            </Link>
          ))}
        </nav>
      ) : null}
      {!shown || !shown.next ? (
        <p className="alert alert--warning">{t("results.advance.noNext")}</p>
      ) : (
        <>
          <AdvanceTargets shown={shown} rule={rule} />
          {section ? <SectionEntries view={section} /> : null}
          {page ? (
            <SectionList
              roundId={page.round.id}
              targetId={page.next!.id}
              parallel={page.targets.length > 1}
              sections={page.sections}
            />
          ) : null}
        </>
      )}
    </section>
  );
}
