import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import type { FieldErrors } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { requireEventRole } from "~/.server/auth.server";
import { juryEvent, readScoringRules, saveScoringRules } from "~/.server/jury.server";
import { getLocale } from "~/.server/locale.server";
import { getDb } from "~/.server/runtime.server";
import { JuryHeader, JuryNotice } from "~/components/jury/jury-header";
import { RulesForm } from "~/components/jury/rules-form";
import { applyRulesIntent, postedRulesValues, rulesFormValues, type RulesFormValues } from "~/components/jury/rules-intents";
import { resolveRules } from "~/domain/results";
import { formDataToObject } from "~/forms/form-data";
import { validateForm } from "~/forms/validate";
import { scoringRulesSchema, type ScoringRulesData } from "~/schemas/scoring";
import { notFound, parseId } from "~/forms/ids";

export const meta: MetaFunction = () => [{ title: "Toi" }, { name: "robots", content: "noindex" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const eventId = parseId(params.id);
  if (!eventId) throw notFound();
  await requireEventRole(request, eventId, "organiser");
  const db = await getDb();
  const [event, stored] = await Promise.all([juryEvent(db, eventId, await getLocale(request)), readScoringRules(db, eventId)]);
  return { event, values: rulesFormValues(resolveRules(stored)) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const eventId = parseId(params.id);
  if (!eventId) throw notFound();
  const { user } = await requireEventRole(request, eventId, "organiser");
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "save");
  const changed = applyRulesIntent(postedRulesValues(formDataToObject(form)), intent, String(form.get("addTieBreak") ?? ""));
  if (changed) return data({ values: changed, errors: {} as FieldErrors<RulesFormValues> });
  if (intent !== "save") throw new Response("Unknown action", { status: 400 });
  const result = await validateForm<RulesFormValues, ScoringRulesData>(scoringRulesSchema, form);
  if (!result.ok) return data({ values: postedRulesValues(result.values as unknown as Record<string, unknown>), errors: result.errors }, { status: 400 });
  if (!(await saveScoringRules(await getDb(), user, eventId, result.data))) throw notFound();
  return redirect(`/organiser/events/${eventId}/jury/rules?notice=rulesSaved`);
}

export default function JuryRules() {
  const { t } = useTranslation();
  const { event, values } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const [params] = useSearchParams();
  const saved = params.get("notice") === "rulesSaved" && !posted;
  return (
    <section className="stack jury-page">
      <JuryHeader event={event} current="rules" />
      <JuryNotice text={saved ? t("jury.notice.rulesSaved") : null} />
      <p>{t("jury.rules.lead")}</p>
      <RulesForm key={JSON.stringify(posted?.values ?? values)} values={posted?.values ?? values} errors={posted?.errors as FieldErrors<RulesFormValues> | undefined} />
    </section>
  );
}
