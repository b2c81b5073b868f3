import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { requireEventRole } from "~/.server/accounts/auth.server";
import { eventHeading } from "~/.server/events/events.server";
import { eventRounds } from "~/.server/events/rounds.server";
import type { DB } from "~/.server/platform/db.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { publicBaseUrl } from "~/.server/platform/urls.server";
import { editDraft, generateDraft, publishDraft } from "~/.server/schedule/running-order.server";
import { getScheduleRound, localToMinutes, type RoundScope } from "~/.server/schedule/schedule-clock.server";
import { loadScheduleEditor } from "~/.server/schedule/schedule-editor.server";
import {
  addStage,
  addStageWindow,
  removeStage,
  removeStageWindow,
  renameStage,
} from "~/.server/schedule/stages.server";
import { ScheduleDraft, SchedulePublished, ScheduleUnplaced } from "~/components/schedule-draft";
import { ScheduleStages, type StageFormResult } from "~/components/schedule-stages";
import { localized } from "~/domain/locale";
import { parseId } from "~/forms/ids";
import { validateForm } from "~/forms/validate";
import { badRequest, notFound } from "~/http/responses";
import { generateSchema, moveSlotSchema, stageSchema, stageWindowSchema } from "~/schemas/schedule";

export const meta: MetaFunction = () => [{ title: "Toi" }, { name: "robots", content: "noindex" }];

const INTENTS = [
  "addStage",
  "saveStage",
  "removeStage",
  "addWindow",
  "removeWindow",
  "generate",
  "move",
  "swap",
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

async function roundScope(db: DB, request: Request, eventId: number, roundId: number | undefined): Promise<RoundScope> {
  const found = roundId ? await getScheduleRound(db, { eventId, roundId }) : null;
  if (!found) throw notFound();
  return { eventId, roundId: found.round.id, clock: found.clock, locale: await getLocale(request) };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { eventId } = await requireEventRole(request, params.id, "organiser");
  const db = await getDb();
  const locale = await getLocale(request);
  const event = (await eventHeading(db, eventId))!;
  const rounds = (await eventRounds(db, eventId)).map(({ id, position, kind }) => ({ id, position, kind }));
  const asked = new URL(request.url).searchParams.get("round");
  const roundId = asked === null ? rounds[0]?.id : parseId(asked);
  const base = { event: { id: event.id, slug: event.slug, title: localized(event, "title", locale) }, rounds };
  if (rounds.length === 0) return { ...base, roundId: null, editor: null };
  const scope = await roundScope(db, request, eventId, roundId);
  return { ...base, roundId: scope.roundId, editor: await loadScheduleEditor(db, scope) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { eventId, user } = await requireEventRole(request, params.id, "organiser");
  const form = await request.formData();
  const intent = INTENTS.find((i) => i === form.get("intent"));
  if (!intent) throw badRequest();
  const db = await getDb();
  const scope = await roundScope(db, request, eventId, parseId(form.get("roundId")));
  const back = (notice: (typeof NOTICES)[number], count?: number) =>
    redirect(
      `/organiser/events/${eventId}/schedule?round=${scope.roundId}&notice=${notice}${count === undefined ? "" : `&count=${count}`}`,
    );
  const done = (ok: boolean | "done" | "missing", notice: (typeof NOTICES)[number]) =>
    back(ok === true || ok === "done" ? notice : "missing");
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
    case "removeStage":
      return done(stageId !== undefined && (await removeStage(db, user, { ...scope, stageId })), "stageRemoved");
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
      );
    }
    case "swap": {
      const entryId = parseId(form.get("entryId"));
      const otherEntryId = parseId(form.get("otherEntryId"));
      if (!entryId || !otherEntryId) return back("missing");
      return done(await editDraft(db, user, scope, { kind: "swap", entryId, otherEntryId }), "edited");
    }
    case "publish": {
      const programmeUrl = `${await publicBaseUrl(request)}/events/${(await eventHeading(db, eventId))!.slug}/programme`;
      const result = await publishDraft(db, user, { ...scope, force: form.get("force") === "on", programmeUrl });
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
  const notice = NOTICES.find((n) => n === params.get("notice"));
  const failed = result && "errors" in result ? result : null;
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
                  {t("schedule.roundLabel", { position: i + 1 })} · {t(`roundKind.${r.kind}`)}
                </Link>
              ))}
            </nav>
          ) : null}
          <ScheduleStages
            roundId={roundId}
            stages={editor.stages}
            failed={failed && failed.intent !== "move" ? failed : null}
          />
          <section className="stack card" aria-labelledby="schedule-draft">
            <h2 id="schedule-draft">{t("schedule.draft")}</h2>
            <Form method="post" className="stack">
              <input type="hidden" name="roundId" value={roundId} />
              <p className="muted small">{t("schedule.generateHint")}</p>
              <div className="grid-3">
                <label className="field">
                  <span>{t("schedule.changeoverMinutes")}</span>
                  <input
                    name="changeoverMinutes"
                    type="number"
                    min={0}
                    max={60}
                    step={5}
                    defaultValue={editor.draftOptions.changeoverMinutes ?? 5}
                    inputMode="numeric"
                  />
                </label>
                <label className="field">
                  <span>{t("schedule.minGapMinutes")}</span>
                  <input
                    name="minGapMinutes"
                    type="number"
                    min={0}
                    max={240}
                    step={5}
                    defaultValue={editor.draftOptions.minGapMinutes ?? 15}
                    inputMode="numeric"
                  />
                </label>
                <label className="field">
                  <span>{t("schedule.ageOrder")}</span>
                  <select name="ageOrder" defaultValue={editor.draftOptions.ageOrder ?? "younger"}>
                    <option value="younger">{t("schedule.ageOrder_younger")}</option>
                    <option value="older">{t("schedule.ageOrder_older")}</option>
                  </select>
                </label>
              </div>
              <p>
                <button type="submit" name="intent" value="generate" className="button button--primary">
                  {t("schedule.generate")}
                </button>
              </p>
            </Form>
            {editor.draft ? (
              <>
                <ScheduleUnplaced
                  roundId={roundId}
                  placed={editor.draft.slots.length}
                  unplaced={editor.draft.unplaced}
                  stages={editor.stages}
                  failed={failed && failed.intent === "move" ? failed : null}
                />
                <ScheduleDraft
                  roundId={roundId}
                  draft={editor.draft}
                  stages={editor.stages}
                  failed={failed && failed.intent === "move" ? failed : null}
                />
              </>
            ) : (
              <p className="muted">{t("schedule.noDraft")}</p>
            )}
          </section>
          <SchedulePublished published={editor.published} stages={editor.stages} />
        </>
      )}
    </section>
  );
}
