import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { type FieldErrors, get } from "react-hook-form";
import { useTranslation } from "react-i18next";

import { enforceRateLimit, RATE_LIMITS } from "~/.server/accounts/rate-limit.server";
import { getDb } from "~/.server/platform/runtime.server";
import { changesFromForm, updateEntry } from "~/.server/registration/edit-entry.server";
import { requireFamilyEntry } from "~/.server/registration/family-entries.server";
import { entryProblemMessage, type ShownMessage } from "~/.server/registration/problem-messages.server";
import { BackLink } from "~/components/back-link";
import { FormProblems, PieceFields } from "~/components/entry-piece-fields";
import { errorAt } from "~/components/field";
import { formDataToObject } from "~/forms/form-data";
import { validateForm } from "~/forms/validate";
import { readForm } from "~/http/forms";
import { titled } from "~/http/meta";
import { redirectWithNotice } from "~/http/notices";
import { invariantResponse } from "~/http/responses";
import { formatDateTime } from "~/i18n/format";
import { type EntryEditData, entryEditSchema } from "~/schemas/entry-piece";

export const meta: MetaFunction = ({ matches }) => titled(matches, "myEntries.editTitle");

// A family changes its entry's piece (title, duration, video link) until registration closes.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { locale, entry } = await requireFamilyEntry(request, params.reference);
  return { locale, entry };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, locale, entry } = await requireFamilyEntry(request, params.reference);
  await enforceRateLimit(request, "entry.user", String(user.id), RATE_LIMITS.entry.user);
  const formData = await readForm(request);
  const result = await validateForm<Record<string, unknown>, EntryEditData>(entryEditSchema, formData);
  if (!result.ok)
    return data({ errors: result.errors, values: result.values, messages: [] as ShownMessage[] }, { status: 400 });
  const changes = changesFromForm(entry, result.data);
  const outcome = await updateEntry(await getDb(), { userId: user.id, email: user.email }, entry.id, changes);
  if (outcome.ok) throw redirectWithNotice(`/entries/${entry.reference}`, outcome.changed ? "edited" : "unchanged");
  if ("problems" in outcome) {
    const messages: ShownMessage[] = outcome.problems.map((p) => entryProblemMessage(p, { locale, nameOf: () => "" }));
    return data({ errors: {}, values: formDataToObject(formData), messages }, { status: 422 });
  }
  invariantResponse(outcome.refused !== "missing");
  if (outcome.refused === "too_late") throw redirectWithNotice(`/entries/${entry.reference}`, "editTooLate");
  if (outcome.refused === "results_published")
    throw redirectWithNotice(`/entries/${entry.reference}`, "resultsPublished");
  // A withdrawn or rejected entry says so on its own page.
  throw redirect(`/entries/${entry.reference}`);
}

export default function EditEntry() {
  const { t } = useTranslation();
  const { locale, entry } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const errors = (result?.errors ?? {}) as FieldErrors;
  // After a refused post the boxes show what was sent; before it, what the entry holds.
  const shown = (name: string, current: string): string => {
    const v: unknown = result ? get(result.values, name) : undefined;
    return typeof v === "string" ? v : current;
  };
  const current = {
    title: entry.title,
    durationMinutes: entry.durationSeconds ? String(Math.floor(entry.durationSeconds / 60)) : "",
    durationSeconds: entry.durationSeconds ? String(entry.durationSeconds % 60) : "",
    videoUrl: entry.videoUrl ?? "",
  };

  return (
    <section className="narrow-wide stack">
      <BackLink to={`/entries/${entry.reference}`}>{entry.reference}</BackLink>
      <h1>{t("myEntries.editTitle")}</h1>
      <p className="muted">
        {entry.eventTitle} · {entry.nominationName} · {t(`format.${entry.format}`)} · {entry.memberNames.join(", ")}
      </p>
      {!entry.canEdit ? (
        <p className="alert alert--warning">{t("myEntries.editClosed")}</p>
      ) : (
        <Form method="post" className="card stack" noValidate>
          <p className="small">{t("myEntries.editLead")}</p>
          {entry.registrationClosesAt ? (
            <p className="muted small">
              {t("event.registrationCloses", {
                date: formatDateTime(entry.registrationClosesAt, locale, entry.eventTimezone),
              })}
            </p>
          ) : null}
          <FormProblems fieldErrors={Object.keys(errors).length > 0} messages={result?.messages} />
          <PieceFields
            entryKind={entry.entryKind}
            maxSeconds={entry.maxDurationSeconds}
            value={(name) => shown(name, current[name])}
            error={(name) => errorAt(errors, name)}
          />
          <p className="small muted">{t("myEntries.editFixed")}</p>
          <button type="submit" className="button button--primary" disabled={busy}>
            {t("myEntries.editSave")}
          </button>
        </Form>
      )}
    </section>
  );
}
