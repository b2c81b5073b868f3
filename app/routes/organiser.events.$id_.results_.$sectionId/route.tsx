import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { requireEventRole } from "~/.server/accounts/auth.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { computeSection } from "~/.server/results/compute.server";
import { setGrandPrix } from "~/.server/results/grand-prix.server";
import { sectionReviewPage } from "~/.server/results/review-page.server";
import { overrideScore } from "~/.server/results/score-overrides.server";
import { findEventSection } from "~/.server/results/sections.server";
import { addSpecialPrize, removeSpecialPrize } from "~/.server/results/special-prizes.server";
import { clearTieDecision, recordTieDecision } from "~/.server/results/ties.server";
import { BackLink } from "~/components/back-link";
import { parseId } from "~/forms/ids";
import { validateForm } from "~/forms/validate";
import { readForm } from "~/http/forms";
import { readIntent } from "~/http/intents";
import { eventTitleIn, titled } from "~/http/meta";
import { redirectWithNotice, useNotice } from "~/http/notices";
import { notFound } from "~/http/responses";
import {
  clearTieSchema,
  grandPrixSchema,
  overrideScoreSchema,
  removePrizeSchema,
  specialPrizeSchema,
  tieOrderSchema,
} from "~/schemas/results";

import { type Failed, INTENTS } from "./forms";
import { GrandPrixCard } from "./grand-prix-card";
import { OverrideCard } from "./override-card";
import { ResultsMatrix } from "./results-matrix";
import { SpecialPrizesCard } from "./special-prizes-card";
import { TiesCard } from "./ties-card";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  titled(matches, "results.review.matrix", { context: [eventTitleIn(data)] });

const DONE = [
  "recomputed",
  "tieSaved",
  "tieCleared",
  "grandPrixSaved",
  "prizeAdded",
  "prizeRemoved",
  "overridden",
] as const;
const REFUSED = [
  "not_tied",
  "not_laureate_1",
  "below_minimum",
  "other_age_group",
  "unknown_entry",
  "not_eligible",
  "unknown_criterion",
  "out_of_range",
  "missing",
] as const;
const NOTICES = [...DONE, ...REFUSED] as const;
type Notice = (typeof NOTICES)[number];

/** The event's organiser, and the section if it is one of the event's; 404 otherwise. */
async function guard(request: Request, params: LoaderFunctionArgs["params"]) {
  const eventId = parseId(params.id);
  const sectionId = parseId(params.sectionId);
  if (!eventId) throw notFound();
  const { user } = await requireEventRole(request, eventId, "organiser");
  const db = await getDb();
  const section = sectionId ? await findEventSection(db, eventId, sectionId) : null;
  if (!section) throw notFound();
  return { db, user, eventId, section };
}

// Reads only: an unlocked section whose scores moved on is shown as computed now, in memory (see
// review-page.server.ts); its stored results are brought up to date by the write paths.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, section } = await guard(request, params);
  const page = await sectionReviewPage(db, section, await getLocale(request));
  if (!page) throw notFound();
  return page;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, eventId, section } = await guard(request, params);
  const form = await readForm(request);
  const intent = readIntent(form, INTENTS);
  const sectionId = section.id;
  const back = (notice: Notice, hash = "") =>
    redirectWithNotice(`/organiser/events/${eventId}/results/${sectionId}`, notice, {}, hash);
  const invalid = (result: { values: unknown; errors: unknown }) =>
    data(
      {
        intent,
        values: result.values as Record<string, unknown>,
        errors: result.errors as Record<string, unknown>,
        frozen: false,
      },
      { status: 400 },
    );
  // A published section is frozen: families read it. 409, and the page says to unpublish first.
  const frozen = () =>
    data(
      { intent, values: {} as Record<string, unknown>, errors: {} as Record<string, unknown>, frozen: true },
      {
        status: 409,
      },
    );
  /** A decision's answer: frozen, or back to the page with what happened. */
  const answer = (
    outcome: { ok: true } | { ok: false; reason: Notice | "published" | "reason_required" },
    done: Notice,
    hash: string,
  ) => {
    if (outcome.ok) return back(done, hash);
    if (outcome.reason === "published") return frozen();
    // A score override's blank reason is the form's "missing" notice.
    return back(outcome.reason === "reason_required" ? "missing" : outcome.reason, hash);
  };

  switch (intent) {
    case "recompute":
      if (section.publishedAt) return frozen();
      await computeSection(db, sectionId);
      return back("recomputed");
    case "tieOrder": {
      const result = await validateForm(tieOrderSchema, form);
      if (!result.ok) return invalid(result);
      return answer(await recordTieDecision(db, user, { sectionId, order: result.data.order }), "tieSaved", "ties");
    }
    case "clearTie": {
      const result = await validateForm(clearTieSchema, form);
      if (!result.ok) return invalid(result);
      const outcome = await clearTieDecision(db, user, { sectionId, entryIds: result.data.entryIds });
      return answer(outcome, "tieCleared", "ties");
    }
    case "grandPrix": {
      const result = await validateForm(grandPrixSchema, form);
      if (!result.ok) return invalid(result);
      const outcome = await setGrandPrix(db, user, { sectionId, choice: result.data.choice });
      return answer(outcome, "grandPrixSaved", "grand-prix");
    }
    case "addPrize": {
      const result = await validateForm(specialPrizeSchema, form);
      if (!result.ok) return invalid(result);
      return answer(await addSpecialPrize(db, user, { sectionId, ...result.data }), "prizeAdded", "special-prizes");
    }
    case "removePrize": {
      const result = await validateForm(removePrizeSchema, form);
      if (!result.ok) return invalid(result);
      const outcome = await removeSpecialPrize(db, user, { sectionId, prizeId: result.data.prizeId });
      return answer(outcome, "prizeRemoved", "special-prizes");
    }
    case "override": {
      const result = await validateForm(overrideScoreSchema, form);
      if (!result.ok) return invalid(result);
      const outcome = await overrideScore(db, user, { roundId: section.round.id, sectionId, ...result.data });
      return answer(outcome, "overridden", "override");
    }
  }
}

export default function SectionReviewPage() {
  const { t } = useTranslation();
  const page = useLoaderData<typeof loader>();
  const { event, section, stale, rules, maximum, view } = page;
  const failed = (useActionData<typeof action>() ?? null) as Failed;
  // A new address (after a saved form, or a "change" link) gives the forms fresh fields.
  const { key: formKey } = useLocation();
  const notice = useNotice(NOTICES);
  const ageGroup = section.ageGroup
    ? t("event.ageRange", { min: section.ageGroup.min, max: section.ageGroup.max })
    : null;
  // Published: frozen until unpublished. Every form stays visible (what was decided) but disabled.
  const frozen = section.publishedAt;
  const cards = { page, failed, formKey };

  return (
    <section className="stack results-review">
      <BackLink to={`/organiser/events/${event.id}/results`}>{t("results.review.back")}</BackLink>
      <div className="page-title">
        <h1>
          <span lang={section.nomination.lang}>{section.nomination.name}</span>
          {ageGroup ? `, ${ageGroup}` : null}
        </h1>
      </div>
      <p className="muted results-review__facts">
        {event.title} ·{" "}
        {t("results.review.round", { number: section.round.number, kind: t(`roundKind.${section.round.kind}`) })}
        {section.computedAt ? (
          <span className="badge">{t("results.review.computedAt", { when: section.computedAt })}</span>
        ) : (
          <span className="badge badge--draft">{t("results.review.notComputed")}</span>
        )}
        {section.lockedAt ? <span className="badge badge--locked">{t("results.review.locked")}</span> : null}
        {section.publishedAt ? <span className="badge badge--published">{t("results.review.published")}</span> : null}
      </p>
      {notice ? (
        <p
          className={`alert ${(REFUSED as readonly string[]).includes(notice) ? "alert--error" : "alert--success"}`}
          role="status"
        >
          {t(`results.review.notice.${notice}`)}
        </p>
      ) : null}
      {failed?.frozen ? (
        <p className="alert alert--error" role="alert">
          {t("results.review.notice.published")}
        </p>
      ) : null}
      {frozen ? (
        <p className="alert alert--warning" role="status">
          {t("results.review.frozen")}
        </p>
      ) : null}
      {stale && !frozen ? (
        <p className="alert alert--warning" role="status">
          {t("results.review.stale")}
        </p>
      ) : null}
      <Form method="post">
        <button type="submit" name="intent" value="recompute" className="button" disabled={frozen}>
          {t("results.review.recompute")}
        </button>
      </Form>

      {/* Not a landmark itself: the matrix's scrolling region inside is the one named by this heading. */}
      <section className="stack">
        <h2 id="matrix-title">{t("results.review.matrix")}</h2>
        <p className="small muted">
          {t("results.review.rules", {
            aggregation: t(`results.review.aggregation.${rules.aggregation}`),
            mode: t(`results.review.awardMode.${rules.awardMode}`),
            maximum,
          })}
        </p>
        <ResultsMatrix view={view} />
      </section>

      <TiesCard {...cards} />
      <GrandPrixCard {...cards} />
      <SpecialPrizesCard {...cards} />
      <OverrideCard {...cards} />
    </section>
  );
}
