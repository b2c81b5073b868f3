import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { requireEventRole } from "~/.server/accounts/auth.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { publicBaseUrl } from "~/.server/platform/urls.server";
import { editDraft, generateDraft, publishRoundSchedule } from "~/.server/schedule/running-order.server";
import { localToMinutes, roundScopeOf } from "~/.server/schedule/schedule-clock.server";
import { scheduleEditorPage } from "~/.server/schedule/schedule-editor.server";
import {
  addStage,
  addStageWindow,
  removeStage,
  removeStageWindow,
  renameStage,
} from "~/.server/schedule/stages.server";
import { ScheduleDraft } from "~/components/schedule-draft";
import { ScheduleGenerate } from "~/components/schedule-generate";
import type { NamingFailure } from "~/components/schedule-parts";
import { ScheduleSections } from "~/components/schedule-sections";
import { ScheduleStages, type StageFormResult } from "~/components/schedule-stages";
import { SchedulePublished, ScheduleUnplaced } from "~/components/schedule-unplaced";
import { parseId } from "~/forms/ids";
import { validateForm } from "~/forms/validate";
import { readForm } from "~/http/forms";
import { readIntent } from "~/http/intents";
import { eventTitleIn, titled } from "~/http/meta";
import { redirectWithNotice, useNotice } from "~/http/notices";
import { notFound } from "~/http/responses";
import { editorViewSchema, generateSchema, moveSlotSchema, stageSchema, stageWindowSchema } from "~/schemas/schedule";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  titled(matches, "schedule.title", { context: [eventTitleIn(data)] });

const INTENTS = [
  "addStage",
  "saveStage",
  "removeStage",
  "addWindow",
  "removeWindow",
  "generate",
  "move",
  "swap",
  "moveTo",
  "publish",
] as const;
type Intent = (typeof INTENTS)[number];
const NOTICES = [
  "generated",
  "stageAdded",
  "stageSaved",
  "stageRemoved",
  "windowAdded",
  "windowRemoved",
  "edited",
  "published",
  "missing",
  "conflicts",
  "noDraft",
] as const;

/** The stage's day and page the page shows, kept across a post and its redirect. */
const VIEW_PARAMS = ["day", "stage", "page", "unplaced"] as const;

/** What a swap or "into its place" says when the other slot cannot be told, and its status. */
const NAMING = {
  empty: { message: "schedule.target.empty", status: 400 },
  none: { message: "schedule.target.none", status: 400 },
  many: { message: "schedule.target.many", status: 400 },
  same: { message: "schedule.target.same", status: 400 },
  stale: { message: "schedule.target.stale", status: 409 },
} as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { eventId } = await requireEventRole(request, params.id, "organiser");
  const query = new URL(request.url).searchParams;
  const asked = query.get("round");
  const view = editorViewSchema.parse(Object.fromEntries(query));
  const page = await scheduleEditorPage(await getDb(), {
    eventId,
    askedRoundId: asked === null ? null : parseId(asked),
    locale: await getLocale(request),
    view: {
      day: view.day,
      stageId: view.stage,
      page: view.page,
      at: view.at,
      find: view.find,
      unplacedPage: view.unplaced,
    },
  });
  if (!page) throw notFound();
  return page;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { eventId, user } = await requireEventRole(request, params.id, "organiser");
  const form = await readForm(request);
  const intent = readIntent(form, INTENTS);
  const db = await getDb();
  const scope = await roundScopeOf(db, {
    eventId,
    roundId: parseId(form.get("roundId")),
    locale: await getLocale(request),
  });
  if (!scope) throw notFound();
  const asked = new URL(request.url).searchParams;
  const here = new URLSearchParams({ round: String(scope.roundId) });
  for (const name of VIEW_PARAMS) if (asked.get(name)) here.set(name, asked.get(name)!);
  const back = (notice: (typeof NOTICES)[number], count?: number, hash?: string) =>
    redirectWithNotice(`/organiser/events/${eventId}/schedule?${here.toString()}`, notice, { count }, hash);
  const done = (ok: boolean | "done" | "missing", notice: (typeof NOTICES)[number], hash?: string) =>
    ok === true || ok === "done" ? back(notice, undefined, hash) : back("missing");
  const stageId = parseId(form.get("stageId"));
  const invalid = (
    which: Intent,
    result: { values: unknown; errors: unknown },
    id?: number,
  ): StageFormResult & { intent: Intent } => ({
    intent: which,
    id: id ?? null,
    values: result.values as Record<string, string>,
    errors: result.errors as StageFormResult["errors"],
  });

  switch (intent) {
    case "addStage":
    case "saveStage": {
      const result = await validateForm(stageSchema, form);
      if (!result.ok) return data(invalid(intent, result, stageId), { status: 400 });
      if (intent === "addStage") {
        await addStage(db, user, scope, result.data);
        return back("stageAdded");
      }
      return done(
        stageId !== undefined && (await renameStage(db, user, { ...scope, stageId }, result.data)),
        "stageSaved",
      );
    }
    case "removeStage": {
      const removed = stageId === undefined ? null : await removeStage(db, user, { ...scope, stageId });
      if (removed?.status === "held")
        return data(
          { ...invalid(intent, { values: {}, errors: {} }, stageId), held: removed.holdings },
          { status: 409 },
        );
      return done(removed?.status === "removed", "stageRemoved");
    }
    case "addWindow": {
      const result = await validateForm(stageWindowSchema, form);
      if (!result.ok) return data(invalid(intent, result, stageId), { status: 400 });
      return done(
        await addStageWindow(db, user, { ...scope, stageId: result.data.stageId }, scope.clock, result.data),
        "windowAdded",
      );
    }
    case "removeWindow": {
      const windowId = parseId(form.get("windowId"));
      return done(
        windowId !== undefined && (await removeStageWindow(db, user, { ...scope, windowId })),
        "windowRemoved",
      );
    }
    case "generate": {
      const choices = await validateForm(generateSchema, form);
      if (!choices.ok) return data(invalid(intent, choices, undefined), { status: 400 });
      await generateDraft(db, user, scope, choices.data);
      return back("generated");
    }
    case "move": {
      const result = await validateForm(moveSlotSchema, form);
      const entryId = parseId(form.get("entryId")) ?? null;
      if (!result.ok) return data(invalid(intent, result, entryId ?? undefined), { status: 400 });
      const start = localToMinutes(scope.clock, result.data.date, result.data.time)!;
      return done(
        await editDraft(db, user, scope, {
          kind: "move",
          entryId: result.data.entryId,
          stageId: result.data.stageId,
          start,
        }),
        "edited",
        `slot-${result.data.entryId}`,
      );
    }
    case "swap":
    case "moveTo": {
      // The other slot as the organiser named it: its number on the page (with the page's stamp) or a search.
      const entryId = parseId(form.get("entryId"));
      if (!entryId) return back("missing");
      const other = String(form.get("other") ?? "").slice(0, 200);
      const stamp = form.get("stamp");
      const outcome = await editDraft(db, user, scope, {
        kind: intent,
        entryId,
        other: { query: other, stamp: typeof stamp === "string" && stamp ? stamp : null },
      });
      if (typeof outcome === "string") return done(outcome, "edited", `slot-${entryId}`);
      const { message, status } = NAMING[outcome.problem];
      const failure: NamingFailure & { intent: Intent } = {
        intent,
        id: entryId,
        values: { other },
        errors: { other: { message } },
        vars: { query: other.trim(), count: outcome.problem === "many" ? outcome.count : 0 },
        candidates: outcome.problem === "many" ? outcome.candidates : [],
      };
      return data(failure, { status });
    }
    case "publish": {
      const siteUrl = await publicBaseUrl(request);
      const result = await publishRoundSchedule(db, user, { ...scope, force: form.get("force") === "on", siteUrl });
      if (result.status === "published") return back("published", result.emailed);
      return back(result.status === "conflicts" ? "conflicts" : "noDraft");
    }
  }
}

export default function ScheduleEditor() {
  const { t } = useTranslation();
  const { event, rounds, roundId, editor } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const notice = useNotice(NOTICES);
  const failed = result && "errors" in result ? result : null;
  const named = failed && "candidates" in failed ? failed : null;
  const moveFailed = failed && failed.intent === "move" ? failed : null;
  return (
    <section className="stack schedule-editor">
      <p>
        <Link to={`/organiser/events/${event.id}`}>← {event.title}</Link>
      </p>
      <div className="page-title">
        <h1>{t("schedule.title")}</h1>
      </div>
      <p className="muted">{t("schedule.lead")}</p>
      {notice ? (
        <p
          className={`alert ${notice === "missing" || notice === "conflicts" || notice === "noDraft" ? "alert--error" : "alert--success"}`}
          role="status"
        >
          {t(`schedule.notice.${notice}`, { count: Number(params.get("count") ?? 0) })}
        </p>
      ) : null}
      {rounds.length === 0 || !editor || roundId === null ? (
        <p className="muted">{t("schedule.noRounds")}</p>
      ) : (
        <>
          {rounds.length > 1 ? (
            <nav className="schedule-rounds" aria-label={t("schedule.title")}>
              {rounds.map((r, i) => (
                <Link
                  key={r.id}
                  to={`?round=${r.id}`}
                  aria-current={r.id === roundId ? "page" : undefined}
                  className={r.id === roundId ? "button button--primary" : "button"}
                >
                  {[
                    t("schedule.roundLabel", { position: i + 1 }),
                    t(`roundKind.${r.kind}`),
                    r.city ? t(`city.${r.city}`, { defaultValue: r.city }) : null,
                  ]
                    .filter(Boolean)
                    .join(" · ")}
                </Link>
              ))}
            </nav>
          ) : null}
          <ScheduleStages
            roundId={roundId}
            stages={editor.stages}
            failed={failed && failed.intent !== "move" && failed.intent !== "generate" && !named ? failed : null}
          />
          <section className="stack card" aria-labelledby="schedule-draft">
            <h2 id="schedule-draft">{t("schedule.draft")}</h2>
            <ScheduleGenerate
              roundId={roundId}
              options={editor.draftOptions}
              failed={failed && failed.intent === "generate" ? failed : null}
            />
            {editor.view && (editor.draft || editor.published) ? (
              <ScheduleSections
                roundId={roundId}
                view={editor.view}
                sections={editor.sections}
                stages={editor.stages}
                find={editor.find}
              />
            ) : null}
            {editor.draft ? (
              <>
                <ScheduleUnplaced
                  roundId={roundId}
                  placed={editor.draft.placed}
                  unplaced={editor.draft.unplaced}
                  count={editor.draft.unplacedCount}
                  page={editor.draft.unplacedPage}
                  pages={editor.draft.unplacedPages}
                  offset={editor.draft.unplacedOffset}
                  view={editor.view}
                  stages={editor.stages}
                  failed={moveFailed}
                />
                <ScheduleDraft
                  roundId={roundId}
                  draft={editor.draft}
                  view={editor.view}
                  stages={editor.stages}
                  failed={moveFailed}
                  named={named}
                />
              </>
            ) : (
              <p className="muted">{t("schedule.noDraft")}</p>
            )}
          </section>
          <SchedulePublished published={editor.published} view={editor.view} stages={editor.stages} />
        </>
      )}
    </section>
  );
}
