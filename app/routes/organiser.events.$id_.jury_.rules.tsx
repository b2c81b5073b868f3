import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { FieldErrors } from "react-hook-form";
import { useTranslation } from "react-i18next";

import { requireEventRole } from "~/.server/accounts/auth.server";
import { type LockedSectionView, lockRefusal } from "~/.server/jury/frozen-sections.server";
import { loadRulesPage, saveScoringRules } from "~/.server/jury/scoring-rules.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { JuryHeader, JuryNotice } from "~/components/jury/jury-header";
import { LockedNote } from "~/components/jury/locked-note";
import { RulesForm } from "~/components/jury/rules-form";
import { formDataToObject } from "~/forms/form-data";
import { applyRulesIntent, postedRulesValues, type RulesFormValues, rulesFormValues } from "~/forms/rules-intents";
import { validateForm } from "~/forms/validate";
import { readForm } from "~/http/forms";
import { eventTitleIn, titled } from "~/http/meta";
import { redirectWithNotice, useNotice } from "~/http/notices";
import { badRequest, notFound } from "~/http/responses";
import { type ScoringRulesData, scoringRulesSchema } from "~/schemas/scoring";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  titled(matches, "jury.tabs.rules", { context: [eventTitleIn(data)] });

const NOTICES = ["rulesSaved"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { eventId } = await requireEventRole(request, params.id, "organiser");
  const { event, rules, locked } = await loadRulesPage(await getDb(), eventId, await getLocale(request));
  return { event, values: rulesFormValues(rules), locked };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { eventId, user } = await requireEventRole(request, params.id, "organiser");
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "save");
  const changed = applyRulesIntent(
    postedRulesValues(formDataToObject(form)),
    intent,
    String(form.get("addTieBreak") ?? ""),
  );
  if (changed) return data({ values: changed, errors: {} as FieldErrors<RulesFormValues> });
  if (intent !== "save") throw badRequest();
  const result = await validateForm<RulesFormValues, ScoringRulesData>(scoringRulesSchema, form);
  if (!result.ok)
    return data(
      { values: postedRulesValues(result.values as unknown as Record<string, unknown>), errors: result.errors },
      { status: 400 },
    );
  const db = await getDb();
  const saved = await saveScoringRules(db, user, eventId, result.data);
  if (saved === "missing") throw notFound();
  if (typeof saved === "object") {
    // Any locked section freezes the event's rules: refused (409), with the sections named.
    const { sections } = await lockRefusal(db, eventId, await getLocale(request), saved);
    return data(
      {
        values: postedRulesValues(formDataToObject(form)),
        errors: {} as FieldErrors<RulesFormValues>,
        refused: sections,
      },
      { status: 409 },
    );
  }
  return redirectWithNotice(`/organiser/events/${eventId}/jury/rules`, "rulesSaved");
}

export default function JuryRules() {
  const { t } = useTranslation();
  const { event, values, locked } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>() as
    { values: RulesFormValues; errors: FieldErrors<RulesFormValues>; refused?: LockedSectionView[] } | undefined;
  const saved = useNotice(NOTICES) === "rulesSaved" && !posted;
  return (
    <section className="stack jury-page">
      <JuryHeader event={event} current="rules" />
      <JuryNotice text={saved ? t("jury.notice.rulesSaved") : null} />
      <p>{t("jury.rules.lead")}</p>
      {posted?.refused ? (
        <LockedNote kind="rules" sections={posted.refused} eventId={event.id} refused />
      ) : (
        <LockedNote kind="rules" sections={locked} eventId={event.id} />
      )}
      <RulesForm
        key={JSON.stringify(posted?.values ?? values)}
        values={posted?.values ?? values}
        errors={posted?.errors}
        disabled={locked.length > 0}
      />
    </section>
  );
}
