import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { requireEventRole } from "~/.server/accounts/auth.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { publicBaseUrl } from "~/.server/platform/urls.server";
import { advancementPage, type AdvanceSection, confirmAdvancement } from "~/.server/results/advancement.server";
import { resultsEvent } from "~/.server/results/section-facts.server";
import type { Locale } from "~/domain/locale";
import { parseId } from "~/forms/ids";
import { readForm } from "~/http/forms";
import { redirectWithNotice, useNotice } from "~/http/notices";
import { badRequest, notFound } from "~/http/responses";
import { formatNumber } from "~/i18n/format";
import { advanceSchema } from "~/schemas/publication";

export const meta: MetaFunction = () => [{ title: "Toi" }, { name: "robots", content: "noindex" }];

const NOTICES = ["done", "no_next", "invalid"] as const;

// The event's organisers and admins only.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { eventId } = await requireEventRole(request, params.id, "organiser");
  const db = await getDb();
  const locale = await getLocale(request);
  const asked = new URL(request.url).searchParams.get("round");
  const roundId = asked === null ? null : parseId(asked);
  if (roundId === undefined) throw notFound();
  const [event, page] = await Promise.all([
    resultsEvent(db, eventId, locale),
    advancementPage(db, eventId, roundId, locale),
  ]);
  if (!page && roundId !== null) throw notFound();
  return { event, page };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { eventId, user } = await requireEventRole(request, params.id, "organiser");
  const form = await readForm(request);
  const parsed = advanceSchema.safeParse({
    roundId: form.get("roundId"),
    sectionIds: form.getAll("sectionId"),
    entryIds: form.getAll("entryId"),
  });
  if (!parsed.success) throw badRequest();
  const outcome = await confirmAdvancement(await getDb(), user, {
    eventId,
    ...parsed.data,
    baseUrl: await publicBaseUrl(request),
  });
  if (outcome.status === "not_found") throw notFound();
  const counts =
    outcome.status === "done"
      ? {
          added: outcome.added.length,
          removed: outcome.removed.length,
          kept: outcome.kept.length,
          emailed: outcome.emailed,
        }
      : {};
  return redirectWithNotice(
    `/organiser/events/${eventId}/results/advance?round=${parsed.data.roundId}`,
    outcome.status,
    counts,
  );
}

export default function Advancement() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { event, page } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const notice = useNotice(NOTICES);
  const counts = Object.fromEntries(
    ["added", "removed", "kept", "emailed"].map((k) => [k, Number(params.get(k) ?? 0)]),
  );
  const locked = page?.sections.filter((s) => s.locked) ?? [];
  const unlocked = page?.sections.filter((s) => !s.locked) ?? [];
  const rule =
    page?.round.advanceRule === "top_n"
      ? t("event.advanceTopN", { value: page.round.advanceValue })
      : page?.round.advanceRule === "min_score"
        ? t("event.advanceMinScore", { value: page.round.advanceValue })
        : t("results.overview.noAdvance");
  return (
    <section className="stack results-advance">
      <p>
        <Link to={`/organiser/events/${event.id}/results`}>
          ← {t("results.overview.title")}: {event.title}
        </Link>
      </p>
      <h1>{t("results.advance.title")}</h1>
      <p className="muted">{t("results.advance.lead")}</p>
      {notice ? (
        <div className={`alert ${notice === "done" ? "alert--success" : "alert--error"}`} role="status">
          <p>{t(`results.advance.notice.${notice}`, counts)}</p>
          {notice === "done" && counts.kept ? <p>{t("results.advance.notice.kept", counts)}</p> : null}
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
      {!page || !page.next ? (
        <p className="alert alert--warning">{t("results.advance.noNext")}</p>
      ) : (
        <>
          <p>
            <strong>{t("results.advance.nextRound", { round: page.next.label })}</strong>
            <br />
            <span className="muted">{rule}</span>
          </p>
          {locked.length === 0 ? (
            <p className="muted">{t("results.advance.noneLocked")}</p>
          ) : (
            <Form method="post" className="stack">
              <input type="hidden" name="roundId" value={page.round.id} />
              {locked.map((s) => (
                <ProposalSection key={s.id} section={s} locale={locale} />
              ))}
              <div className="advance-actions">
                <button className="button button--primary">{t("results.advance.confirm")}</button>
              </div>
            </Form>
          )}
          {unlocked.length > 0 ? (
            <ul className="advance-unlocked">
              {unlocked.map((s) => (
                <li key={s.id}>
                  <span lang={s.nominationLang}>{s.nomination}</span>
                  {s.ageGroup ? `, ${t("event.ageRange", { min: s.ageGroup.min, max: s.ageGroup.max })}` : ""}:{" "}
                  <span className="muted">{t("results.advance.notLocked")}</span>
                </li>
              ))}
            </ul>
          ) : null}
        </>
      )}
    </section>
  );
}

function ProposalSection({ section: s, locale }: { section: AdvanceSection; locale: Locale }) {
  const { t } = useTranslation();
  // Once something in the section has advanced, the boxes show the next round as it is; before, the proposal.
  const anyAdvanced = s.rows.some((r) => r.advanced);
  return (
    <fieldset className="card advance-section">
      <legend>
        <span lang={s.nominationLang}>{s.nomination}</span>
        {s.ageGroup ? `, ${t("event.ageRange", { min: s.ageGroup.min, max: s.ageGroup.max })}` : ""}
      </legend>
      <input type="hidden" name="sectionId" value={s.id} />
      <ul className="advance-list">
        {s.rows.map((r) => {
          const fixed = r.advanced && r.scoredInNext;
          return (
            <li key={r.entryId}>
              <label className="advance-row">
                <input
                  type="checkbox"
                  name="entryId"
                  value={r.entryId}
                  defaultChecked={anyAdvanced ? r.advanced : r.proposed}
                  disabled={fixed}
                />
                <span className="advance-row__place" aria-label={t("results.advance.place")}>
                  {r.place ?? t("results.public.noPlace")}
                </span>
                <span className="advance-row__who">
                  <strong>{r.performers || r.reference}</strong>
                  <span className="muted small">
                    {[r.title ? `«${r.title}»` : null, ...r.clubs, r.reference].filter(Boolean).join(" · ")}
                  </span>
                </span>
                <span className="advance-row__score small">
                  {r.percent === null ? "" : `${formatNumber(r.percent, locale)}%`}
                  {r.award ? <span className="badge">{t(`results.award.${r.award}`)}</span> : null}
                  {r.proposed ? <span className="pill pill--open">{t("results.advance.proposed")}</span> : null}
                </span>
              </label>
              {fixed ? (
                <>
                  <input type="hidden" name="entryId" value={r.entryId} />
                  <p className="muted small advance-row__note">{t("results.advance.scoredInNext")}</p>
                </>
              ) : null}
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
