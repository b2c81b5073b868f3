import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import type { FieldErrors } from "react-hook-form";
import { useTranslation } from "react-i18next";

import { requireEventRole } from "~/.server/accounts/auth.server";
import { addConflict, loadConflictsPage, removeConflict } from "~/.server/jury/conflicts.server";
import { type Frozen, type LockRefusal, lockRefusal } from "~/.server/jury/frozen-sections.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { ConflictForm, JudgeConflictsCard } from "~/components/jury/conflicts";
import { JuryHeader, JuryNotice } from "~/components/jury/jury-header";
import { LockedNote } from "~/components/jury/locked-note";
import { formDataToObject } from "~/forms/form-data";
import { parseId } from "~/forms/ids";
import { validateForm } from "~/forms/validate";
import { readForm } from "~/http/forms";
import { readIntent } from "~/http/intents";
import { eventTitleIn, titled } from "~/http/meta";
import { redirectWithNotice, useNotice } from "~/http/notices";
import { notFound } from "~/http/responses";
import { type ConflictData, type ConflictFormValues, conflictSchema } from "~/schemas/jury";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  titled(matches, "jury.tabs.conflicts", { context: [eventTitleIn(data)] });

const INTENTS = ["addConflict", "removeConflict"] as const;
const NOTICES = ["conflictAdded", "conflictExists", "conflictRemoved"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { eventId } = await requireEventRole(request, params.id, "organiser");
  return loadConflictsPage(await getDb(), eventId, await getLocale(request));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { eventId, user } = await requireEventRole(request, params.id, "organiser");
  const form = await readForm(request);
  const intent = readIntent(form, INTENTS);
  const db = await getDb();
  const back = (notice: (typeof NOTICES)[number], anchor: string) =>
    redirectWithNotice(`/organiser/events/${eventId}/jury/conflicts`, notice, {}, anchor);
  // The conflict would change locked results: refused (409), with the sections named.
  const frozen = async (result: Frozen, values?: ConflictFormValues) =>
    data<ConflictsFailure>(
      { values, ...(await lockRefusal(db, eventId, await getLocale(request), result)) },
      { status: 409 },
    );
  if (intent === "removeConflict") {
    const conflictId = parseId(form.get("conflictId"));
    if (!conflictId) throw notFound();
    const removed = await removeConflict(db, user, { eventId, conflictId });
    if (removed === "missing") throw notFound();
    if (typeof removed === "object") return frozen(removed);
    return back("conflictRemoved", "main");
  }
  const result = await validateForm<ConflictFormValues, ConflictData>(conflictSchema, form);
  if (!result.ok) return data<ConflictsFailure>({ values: result.values, errors: result.errors }, { status: 400 });
  const added = await addConflict(db, user, { eventId, ...result.data });
  if (added === "missing") throw notFound();
  if (typeof added === "object") return frozen(added, formDataToObject(form) as ConflictFormValues);
  return back(added === "added" ? "conflictAdded" : "conflictExists", `judge-${result.data.userId}`);
}

/** The form's errors, or a refusal because the change would alter locked results. */
type ConflictsFailure = {
  values?: ConflictFormValues;
  errors?: FieldErrors<ConflictFormValues>;
} & Partial<LockRefusal>;

export default function JuryConflicts() {
  const { t } = useTranslation();
  const { event, judges, clubsWithEntries, otherClubs, entrants, locked } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>() as ConflictsFailure | undefined;
  const posted = useNotice(NOTICES);
  const notice = failed ? undefined : posted;
  return (
    <section className="stack jury-page">
      <JuryHeader event={event} current="conflicts" />
      <JuryNotice
        text={notice ? t(`jury.notice.${notice}`) : null}
        tone={notice === "conflictExists" ? "warning" : "success"}
      />
      <p>{t("jury.conflicts.lead")}</p>
      {failed?.refusal === "locked" ? (
        <LockedNote kind="conflicts" sections={failed.sections ?? []} eventId={event.id} refused />
      ) : (
        <LockedNote kind="conflicts" sections={locked} eventId={event.id} />
      )}
      {judges.length === 0 ? (
        <p className="muted">
          {t("jury.conflicts.noJudges")}{" "}
          <Link to={`/organiser/events/${event.id}/jury/panels`}>{t("jury.tabs.panels")}</Link>
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
          {judges.map((j) => (
            <JudgeConflictsCard key={j.id} judge={j} />
          ))}
        </>
      )}
    </section>
  );
}
