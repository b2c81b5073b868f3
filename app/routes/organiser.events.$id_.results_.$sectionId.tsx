import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { requireEventRole } from "~/.server/accounts/auth.server";
import { eventHeading } from "~/.server/events/events.server";
import { eventRounds } from "~/.server/events/rounds.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import {
  addSpecialPrize,
  clearTieDecision,
  computeSection,
  findEventSection,
  overrideScore,
  recordTieDecision,
  removeSpecialPrize,
  sectionReview,
  setGrandPrix,
} from "~/.server/results/results.server";
import { FieldError } from "~/components/field";
import { ResultsMatrix, type ReviewView } from "~/components/results-review";
import { localized, localizedLang } from "~/domain/locale";
import { FEDERATION_TIMEZONE } from "~/domain/time";
import { parseId } from "~/forms/ids";
import { validateForm } from "~/forms/validate";
import { badRequest, notFound } from "~/http/responses";
import { formatDateTime } from "~/i18n/format";
import {
  clearTieSchema,
  grandPrixSchema,
  overrideScoreSchema,
  removePrizeSchema,
  specialPrizeSchema,
  tieOrderSchema,
} from "~/schemas/results";

export const meta: MetaFunction = () => [{ title: "Toi" }, { name: "robots", content: "noindex" }];

const INTENTS = ["recompute", "tieOrder", "clearTie", "grandPrix", "addPrize", "removePrize", "override"] as const;
type Intent = (typeof INTENTS)[number];
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

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, eventId, section } = await guard(request, params);
  const locale = await getLocale(request);
  let review = (await sectionReview(db, section.id))!;
  // Results are derived data: an unlocked section whose scores moved on is brought up to date.
  if (review.stale && !review.section.lockedAt) {
    await computeSection(db, section.id);
    review = (await sectionReview(db, section.id))!;
  }
  const event = (await eventHeading(db, eventId))!;
  const roundNumber = (await eventRounds(db, eventId)).findIndex((r) => r.id === section.round.id) + 1;
  const names = <T extends { name_kk: string; name_ru: string; name_en: string }>(row: T) => ({
    name: localized(row, "name", locale),
    lang: localizedLang(row, "name", locale),
  });
  const view: ReviewView = {
    eventId,
    sectionId: section.id,
    locked: review.section.lockedAt !== null,
    frozen: review.section.publishedAt !== null,
    chairDecides: review.rules.tieBreaks.includes("chair"),
    criteria: review.criteria.map((c) => ({ id: c.id, max: c.max, weight: c.weight, ...names(c) })),
    judges: review.judges,
    entries: review.entries.map((e) => ({
      ...e,
      specialPrizes: e.specialPrizes.map((p) => ({ id: p.id, ...names(p) })),
    })),
    ties: review.ties,
  };
  const when = (at: Date) => formatDateTime(at, locale, FEDERATION_TIMEZONE);
  return {
    locale,
    event: { id: eventId, title: localized(event, "title", locale) },
    section: {
      nomination: names(review.section.nomination),
      ageGroup: review.section.ageGroup,
      round: { number: roundNumber, kind: review.section.round.kind },
      computedAt: review.section.computedAt
        ? formatDateTime(review.section.computedAt, locale, FEDERATION_TIMEZONE)
        : null,
      lockedAt: review.section.lockedAt !== null,
      publishedAt: review.section.publishedAt !== null,
    },
    chairDecisions: review.chairDecisions.map((d) => ({
      entryIds: d.entryIds,
      decidedBy: d.decidedBy,
      decidedAt: when(d.decidedAt),
    })),
    stale: review.stale,
    rules: { aggregation: review.rules.aggregation, awardMode: review.rules.awardMode },
    maximum: review.maximum,
    grandPrix: review.grandPrix,
    view,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, eventId, section } = await guard(request, params);
  const form = await request.formData();
  const intent = INTENTS.find((i) => i === form.get("intent"));
  if (!intent) throw badRequest();
  const back = (notice: Notice, anchor = "") =>
    redirect(`/organiser/events/${eventId}/results/${section.id}?notice=${notice}${anchor}`);
  const invalid = (which: Intent, result: { values: unknown; errors: unknown }) =>
    data(
      {
        intent: which,
        values: result.values as Record<string, unknown>,
        errors: result.errors as Record<string, unknown>,
        frozen: false,
      },
      { status: 400 },
    );
  // A published section is frozen: families read it. 409, and the page says to unpublish first.
  const frozen = (which: Intent) =>
    data(
      { intent: which, values: {} as Record<string, unknown>, errors: {} as Record<string, unknown>, frozen: true },
      { status: 409 },
    );
  const sectionId = section.id;

  switch (intent) {
    case "recompute":
      if (section.publishedAt) return frozen(intent);
      await computeSection(db, sectionId);
      return back("recomputed");
    case "tieOrder": {
      const result = await validateForm(tieOrderSchema, form);
      if (!result.ok) return invalid(intent, result);
      const outcome = await recordTieDecision(db, user, { sectionId, order: result.data.order });
      if (!outcome.ok && outcome.reason === "published") return frozen(intent);
      return back(outcome.ok ? "tieSaved" : outcome.reason, "#ties");
    }
    case "clearTie": {
      const result = await validateForm(clearTieSchema, form);
      if (!result.ok) return invalid(intent, result);
      const outcome = await clearTieDecision(db, user, { sectionId, entryIds: result.data.entryIds });
      if (!outcome.ok && outcome.reason === "published") return frozen(intent);
      return back(outcome.ok ? "tieCleared" : outcome.reason, "#ties");
    }
    case "grandPrix": {
      const result = await validateForm(grandPrixSchema, form);
      if (!result.ok) return invalid(intent, result);
      const outcome = await setGrandPrix(db, user, { sectionId, choice: result.data.choice });
      if (!outcome.ok && outcome.reason === "published") return frozen(intent);
      return back(outcome.ok ? "grandPrixSaved" : outcome.reason, "#grand-prix");
    }
    case "addPrize": {
      const result = await validateForm(specialPrizeSchema, form);
      if (!result.ok) return invalid(intent, result);
      const outcome = await addSpecialPrize(db, user, { sectionId, ...result.data });
      if (!outcome.ok && outcome.reason === "published") return frozen(intent);
      return back(outcome.ok ? "prizeAdded" : outcome.reason, "#special-prizes");
    }
    case "removePrize": {
      const result = await validateForm(removePrizeSchema, form);
      if (!result.ok) return invalid(intent, result);
      const outcome = await removeSpecialPrize(db, user, { sectionId, prizeId: result.data.prizeId });
      if (!outcome.ok && outcome.reason === "published") return frozen(intent);
      return back(outcome.ok ? "prizeRemoved" : outcome.reason, "#special-prizes");
    }
    case "override": {
      const result = await validateForm(overrideScoreSchema, form);
      if (!result.ok) return invalid(intent, result);
      const outcome = await overrideScore(db, user, { roundId: section.round.id, sectionId, ...result.data });
      if (!outcome.ok && outcome.reason === "published") return frozen(intent);
      return back(
        outcome.ok ? "overridden" : outcome.reason === "reason_required" ? "missing" : outcome.reason,
        "#override",
      );
    }
  }
}

type Failed = {
  intent: Intent;
  values: Record<string, unknown>;
  errors: Record<string, unknown>;
  frozen: boolean;
} | null;
const errorOf = (failed: Failed, intent: Intent, name: string): string | undefined => {
  if (failed?.intent !== intent) return undefined;
  const e = name
    .split(".")
    .reduce<unknown>(
      (o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined),
      failed.errors,
    ) as { message?: string; root?: { message?: string } } | undefined;
  return e?.message ?? e?.root?.message;
};
const valueOf = (failed: Failed, intent: Intent, name: string): string | undefined => {
  const v =
    failed?.intent === intent
      ? name
          .split(".")
          .reduce<unknown>(
            (o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined),
            failed.values,
          )
      : undefined;
  return typeof v === "string" ? v : undefined;
};
/** The place chosen for the i-th tied entry in a failed tie form (kept, so a mistake is fixed, not redone). */
const failedPosition = (failed: Failed, i: number) => valueOf(failed, "tieOrder", `order.${i}.position`) || undefined;

export default function SectionReviewPage() {
  const { t } = useTranslation();
  const { event, section, stale, rules, maximum, grandPrix, chairDecisions, view } = useLoaderData<typeof loader>();
  const failed = (useActionData<typeof action>() ?? null) as Failed;
  const [params] = useSearchParams();
  // A new address (after a saved form, or a "change" link) gives the forms fresh fields.
  const { key: formKey } = useLocation();
  const notice = NOTICES.find((n) => n === params.get("notice"));
  const ageGroup = section.ageGroup
    ? t("event.ageRange", { min: section.ageGroup.min, max: section.ageGroup.max })
    : null;
  const entryLabel = (entryId: number) => {
    const e = view.entries.find((x) => x.entryId === entryId);
    return e ? `${e.reference} — ${e.title || e.performers.join(", ")}` : String(entryId);
  };
  const preset = { entry: parseId(params.get("entry")), judge: parseId(params.get("judge")) };
  // Published: frozen until unpublished. Every form stays visible (what was decided) but disabled.
  const frozen = section.publishedAt;

  return (
    <section className="stack results-review">
      <p>
        <Link to={`/organiser/events/${event.id}/results`}>← {t("results.review.back")}</Link>
      </p>
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

      <section className="stack" aria-labelledby="matrix-title">
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

      <section className="card stack" id="ties" aria-labelledby="ties-title">
        <h2 id="ties-title">{t("results.review.ties")}</h2>
        {view.ties.length === 0 ? <p className="muted">{t("results.review.noTies")}</p> : null}
        {view.ties.map((tie) => {
          // The form that failed (for this tie) keeps what was chosen; otherwise nothing is preselected.
          const mine =
            failed?.intent === "tieOrder" &&
            tie.entryIds.some((id, i) => valueOf(failed, "tieOrder", `order.${i}.entryId`) === String(id));
          const error = mine ? errorOf(failed, "tieOrder", "order") : undefined;
          return (
            <Form
              method="post"
              key={`${formKey}-${tie.rank}`}
              className="stack results-tie"
              aria-describedby={error ? `tie-${tie.rank}-error` : undefined}
            >
              <fieldset className="results-fieldset stack" disabled={frozen}>
                <p>
                  <strong>{t("results.review.tieLine", { place: tie.rank })}</strong>{" "}
                  {tie.needsChair ? t("results.review.tieNeedsChair") : t("results.review.tieShared")}
                </p>
                {view.chairDecides ? (
                  <>
                    <div className="results-tie__entries">
                      {tie.entryIds.map((entryId, i) => (
                        <div className={`field${error ? " field--invalid" : ""}`} key={entryId}>
                          <label htmlFor={`tie-${tie.rank}-${entryId}`}>
                            {t("results.review.chairPlace", { entry: entryLabel(entryId) })}
                          </label>
                          <input type="hidden" name={`order.${i}.entryId`} value={entryId} />
                          <select
                            id={`tie-${tie.rank}-${entryId}`}
                            name={`order.${i}.position`}
                            required
                            defaultValue={(mine ? failedPosition(failed, i) : undefined) ?? ""}
                            aria-describedby={`tie-${tie.rank}-error`}
                          >
                            <option value="" disabled>
                              {t("results.review.choosePlace")}
                            </option>
                            {tie.entryIds.map((_, k) => (
                              <option key={k} value={k + 1}>
                                {tie.rank + k}
                              </option>
                            ))}
                          </select>
                        </div>
                      ))}
                    </div>
                    <FieldError id={`tie-${tie.rank}-error`} message={error} />
                    <p>
                      <button type="submit" name="intent" value="tieOrder" className="button button--primary">
                        {t("results.review.saveOrder")}
                      </button>
                    </p>
                  </>
                ) : (
                  <p className="small muted">{t("results.review.chairNotInRules")}</p>
                )}
              </fieldset>
            </Form>
          );
        })}
        {chairDecisions.length ? (
          <>
            <h3>{t("results.review.chairDecisions")}</h3>
            <ul className="results-decisions">
              {chairDecisions.map((d) => (
                <li key={`${d.decidedAt}-${d.entryIds.join("-")}`} className="results-decision">
                  <ol className="results-decision__order">
                    {d.entryIds.map((entryId) => (
                      <li key={entryId}>{entryLabel(entryId)}</li>
                    ))}
                  </ol>
                  <p className="small muted">
                    {d.decidedBy
                      ? t("results.review.chairDecisionBy", { who: d.decidedBy, when: d.decidedAt })
                      : t("results.review.chairDecisionAt", { when: d.decidedAt })}
                  </p>
                  <Form method="post" className="inline-form">
                    {d.entryIds.map((entryId, i) => (
                      <input key={entryId} type="hidden" name={`entryIds.${i}`} value={entryId} />
                    ))}
                    <button
                      type="submit"
                      name="intent"
                      value="clearTie"
                      className="button button--quiet"
                      disabled={frozen}
                    >
                      {t("results.review.clearTie")}
                    </button>
                  </Form>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section className="card stack" id="grand-prix" aria-labelledby="gp-title">
        <h2 id="gp-title">{t("results.award.grand_prix")}</h2>
        <p className="small muted">
          {grandPrix.acrossAgeGroups ? t("results.review.gpScopeNomination") : t("results.review.gpScopeAgeGroup")}
        </p>
        {grandPrix.stale ? (
          <p className="alert alert--error" role="status">
            {t("results.review.gpStale", { entry: `${grandPrix.stale.reference} — ${grandPrix.stale.title}` })}
          </p>
        ) : grandPrix.choiceElsewhere ? (
          <p>
            {t("results.review.gpElsewhere", {
              entry: `${grandPrix.choiceElsewhere.reference} — ${grandPrix.choiceElsewhere.title}`,
            })}
          </p>
        ) : null}
        <Form method="post" className="stack">
          <fieldset className="results-fieldset stack" disabled={frozen}>
            <fieldset className="results-choices">
              <legend className="visually-hidden">{t("results.award.grand_prix")}</legend>
              <label>
                <input type="radio" name="choice" value="undecided" defaultChecked={grandPrix.choice === undefined} />{" "}
                {t("results.review.gpUndecided")}
              </label>
              <label>
                <input type="radio" name="choice" value="none" defaultChecked={grandPrix.choice === null} />{" "}
                {t("results.review.gpNone")}
              </label>
              {grandPrix.candidates.map((c) => (
                <label key={c.entryId}>
                  <input type="radio" name="choice" value={c.entryId} defaultChecked={grandPrix.choice === c.entryId} />{" "}
                  {c.reference} — {c.title}
                </label>
              ))}
            </fieldset>
            {grandPrix.candidates.length === 0 ? (
              <p className="small muted">{t("results.review.gpNoCandidates")}</p>
            ) : null}
            <FieldError id="gp-error" message={errorOf(failed, "grandPrix", "choice")} />
            <p>
              <button type="submit" name="intent" value="grandPrix" className="button button--primary">
                {t("results.review.saveGrandPrix")}
              </button>
            </p>
          </fieldset>
        </Form>
      </section>

      <section className="card stack" id="special-prizes" aria-labelledby="prizes-title">
        <h2 id="prizes-title">{t("results.review.specialPrizes")}</h2>
        <p className="small muted">{t("results.review.specialPrizesLead")}</p>
        {view.entries.some((e) => e.specialPrizes.length) ? (
          <ul className="results-prizes">
            {view.entries.flatMap((e) =>
              e.specialPrizes.map((p) => (
                <li key={p.id}>
                  <span>
                    <strong lang={p.lang}>{p.name}</strong> · {entryLabel(e.entryId)}
                  </span>
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="prizeId" value={p.id} />
                    <button
                      type="submit"
                      name="intent"
                      value="removePrize"
                      className="button button--quiet"
                      disabled={frozen}
                      aria-label={`${t("results.review.removePrize")}: ${p.name}`}
                    >
                      {t("results.review.removePrize")}
                    </button>
                  </Form>
                </li>
              )),
            )}
          </ul>
        ) : (
          <p className="muted">{t("results.review.noSpecialPrizes")}</p>
        )}
        {view.entries.length ? (
          <Form method="post" className="stack" key={formKey}>
            <fieldset className="results-fieldset stack" disabled={frozen}>
              <EntrySelect
                name="prizeEntry"
                field="entryId"
                label={t("results.review.entry")}
                entries={view.entries}
                defaultValue={valueOf(failed, "addPrize", "entryId")}
                error={errorOf(failed, "addPrize", "entryId")}
              />
              <div className="grid-3">
                {(["nameKk", "nameRu", "nameEn"] as const).map((name) => (
                  <div className={`field${errorOf(failed, "addPrize", name) ? " field--invalid" : ""}`} key={name}>
                    <label htmlFor={`prize-${name}`}>{t(`results.review.${name}`)}</label>
                    <input
                      id={`prize-${name}`}
                      name={name}
                      maxLength={200}
                      lang={name.slice(4).toLowerCase()}
                      defaultValue={valueOf(failed, "addPrize", name) ?? ""}
                      aria-describedby={`prize-${name}-error`}
                    />
                    <FieldError id={`prize-${name}-error`} message={errorOf(failed, "addPrize", name)} />
                  </div>
                ))}
              </div>
              <p>
                <button type="submit" name="intent" value="addPrize" className="button">
                  {t("results.review.addPrize")}
                </button>
              </p>
            </fieldset>
          </Form>
        ) : null}
      </section>

      <section className="card stack" id="override" aria-labelledby="override-title">
        <h2 id="override-title">{t("results.review.override")}</h2>
        <p className="small muted">
          {view.locked ? t("results.review.overrideLeadLocked") : t("results.review.overrideLead")}
        </p>
        {view.entries.length && view.judges.length && view.criteria.length ? (
          <Form method="post" className="stack" key={formKey}>
            <fieldset className="results-fieldset stack" disabled={frozen}>
              <div className="grid-3">
                <EntrySelect
                  name="override-entry"
                  field="entryId"
                  label={t("results.review.entry")}
                  entries={view.entries}
                  defaultValue={
                    valueOf(failed, "override", "entryId") ?? (preset.entry ? String(preset.entry) : undefined)
                  }
                  error={errorOf(failed, "override", "entryId")}
                />
                <div className="field">
                  <label htmlFor="override-judge">{t("results.review.judge")}</label>
                  <select
                    id="override-judge"
                    name="judgeUserId"
                    defaultValue={
                      valueOf(failed, "override", "judgeUserId") ?? (preset.judge ? String(preset.judge) : undefined)
                    }
                  >
                    {view.judges.map((j) => (
                      <option key={j.userId} value={j.userId}>
                        {j.name}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor="override-criterion">{t("results.review.criterion")}</label>
                  <select
                    id="override-criterion"
                    name="criterionId"
                    defaultValue={valueOf(failed, "override", "criterionId")}
                  >
                    {view.criteria.map((c) => (
                      <option key={c.id} value={c.id} lang={c.lang}>
                        {c.name} ({t("results.review.outOf", { max: c.max })})
                      </option>
                    ))}
                  </select>
                </div>
                <div className={`field${errorOf(failed, "override", "value") ? " field--invalid" : ""}`}>
                  <label htmlFor="override-value">{t("results.review.value")}</label>
                  <input
                    id="override-value"
                    name="value"
                    inputMode="decimal"
                    required
                    defaultValue={valueOf(failed, "override", "value") ?? ""}
                    aria-describedby="override-value-error"
                  />
                  <FieldError id="override-value-error" message={errorOf(failed, "override", "value")} />
                </div>
              </div>
              <div className={`field${errorOf(failed, "override", "reason") ? " field--invalid" : ""}`}>
                <label htmlFor="override-reason">{t("results.review.reason")}</label>
                <textarea
                  id="override-reason"
                  name="reason"
                  required
                  maxLength={500}
                  defaultValue={valueOf(failed, "override", "reason") ?? ""}
                  aria-describedby="override-reason-hint override-reason-error"
                />
                <p id="override-reason-hint" className="field__hint">
                  {t("results.review.reasonHint")}
                </p>
                <FieldError id="override-reason-error" message={errorOf(failed, "override", "reason")} />
              </div>
              <p>
                <button type="submit" name="intent" value="override" className="button button--primary">
                  {t("results.review.saveOverride")}
                </button>
              </p>
            </fieldset>
          </Form>
        ) : (
          <p className="muted">{t("results.review.overrideUnavailable")}</p>
        )}
      </section>
    </section>
  );
}

function EntrySelect({
  name,
  field,
  label,
  entries,
  defaultValue,
  error,
}: {
  name: string;
  field: string;
  label: string;
  entries: ReviewView["entries"];
  defaultValue?: string;
  error?: string;
}) {
  return (
    <div className={`field${error ? " field--invalid" : ""}`}>
      <label htmlFor={name}>{label}</label>
      <select id={name} name={field} defaultValue={defaultValue} aria-describedby={`${name}-error`}>
        {entries.map((e) => (
          <option key={e.entryId} value={e.entryId}>
            {e.reference} — {e.title || e.performers.join(", ")}
          </option>
        ))}
      </select>
      <FieldError id={`${name}-error`} message={error} />
    </div>
  );
}
