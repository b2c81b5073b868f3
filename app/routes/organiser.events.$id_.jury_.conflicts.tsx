import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import type { FieldErrors } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { requireEventRole } from "~/.server/auth.server";
import { addConflict, juryEvent, loadConflictsPage, removeConflict } from "~/.server/jury.server";
import { getLocale } from "~/.server/locale.server";
import { getDb } from "~/.server/runtime.server";
import { ConflictForm, JudgeConflictsCard } from "~/components/jury/conflicts";
import { JuryHeader, JuryNotice } from "~/components/jury/jury-header";
import { validateForm } from "~/forms/validate";
import { conflictSchema, type ConflictData, type ConflictFormValues } from "~/schemas/jury";
import { notFound, parseId } from "~/forms/ids";

export const meta: MetaFunction = () => [{ title: "Toi" }, { name: "robots", content: "noindex" }];

const INTENTS = ["addConflict", "removeConflict"] as const;
const NOTICES = ["conflictAdded", "conflictExists", "conflictRemoved"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const eventId = parseId(params.id);
  if (!eventId) throw notFound();
  await requireEventRole(request, eventId, "organiser");
  const db = await getDb();
  const locale = await getLocale(request);
  const [event, page] = await Promise.all([juryEvent(db, eventId, locale), loadConflictsPage(db, eventId, locale)]);
  return { event, ...page };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const eventId = parseId(params.id);
  if (!eventId) throw notFound();
  const { user } = await requireEventRole(request, eventId, "organiser");
  const form = await request.formData();
  const intent = INTENTS.find((i) => i === form.get("intent"));
  if (!intent) throw new Response("Unknown action", { status: 400 });
  const db = await getDb();
  const back = (notice: (typeof NOTICES)[number], anchor: string) => redirect(`/organiser/events/${eventId}/jury/conflicts?notice=${notice}#${anchor}`);
  if (intent === "removeConflict") {
    const conflictId = parseId(form.get("conflictId"));
    if (!conflictId || !(await removeConflict(db, user, { eventId, conflictId }))) throw notFound();
    return back("conflictRemoved", "main");
  }
  const result = await validateForm<ConflictFormValues, ConflictData>(conflictSchema, form);
  if (!result.ok) return data({ values: result.values, errors: result.errors }, { status: 400 });
  const added = await addConflict(db, user, { eventId, ...result.data });
  if (added === "missing") throw notFound();
  return back(added === "added" ? "conflictAdded" : "conflictExists", `judge-${result.data.userId}`);
}

export default function JuryConflicts() {
  const { t } = useTranslation();
  const { event, judges, clubsWithEntries, otherClubs, entrants } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>() as { values: ConflictFormValues; errors: FieldErrors<ConflictFormValues> } | undefined;
  const [params] = useSearchParams();
  const notice = failed ? undefined : NOTICES.find((n) => n === params.get("notice"));
  return (
    <section className="stack jury-page">
      <JuryHeader event={event} current="conflicts" />
      <JuryNotice text={notice ? t(`jury.notice.${notice}`) : null} tone={notice === "conflictExists" ? "warning" : "success"} />
      <p>{t("jury.conflicts.lead")}</p>
      {judges.length === 0 ? (
        <p className="muted">
          {t("jury.conflicts.noJudges")} <Link to={`/organiser/events/${event.id}/jury/panels`}>{t("jury.tabs.panels")}</Link>
        </p>
      ) : (
        <>
          <section className="card stack" aria-labelledby="add-conflict">
            <h2 id="add-conflict">{t("jury.conflicts.add")}</h2>
            <ConflictForm
              key={judges.reduce((n, j) => n + j.conflicts.length, 0)}
              judges={judges}
              clubsWithEntries={clubsWithEntries}
              otherClubs={otherClubs}
              entrants={entrants}
              values={failed?.values ?? { userId: "", target: "", note: "" }}
              errors={failed?.errors}
            />
          </section>
          {judges.map((j) => <JudgeConflictsCard key={j.id} judge={j} />)}
        </>
      )}
    </section>
  );
}
