import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireEventRole } from "~/.server/auth.server";
import {
  addCriterion, copyCriteriaToAll, juryEvent, listCriteria, moveCriterion, removeCriterion, standardCriteria, updateCriterion, useStandardCriteria,
} from "~/.server/jury.server";
import { getLocale } from "~/.server/locale.server";
import { getDb } from "~/.server/runtime.server";
import { JuryHeader, JuryNotice } from "~/components/jury/jury-header";
import { NominationCriteria, type CriteriaFailure } from "~/components/jury/nomination-criteria";
import { localized } from "~/domain/locale";
import { validateForm } from "~/forms/validate";
import { criterionSchema, type CriterionData, type CriterionFormValues } from "~/schemas/jury";
import { notFound, parseId } from "~/forms/ids";

export const meta: MetaFunction = () => [{ title: "Toi" }, { name: "robots", content: "noindex" }];

const INTENTS = ["addCriterion", "updateCriterion", "removeCriterion", "moveUp", "moveDown", "standard", "copyAll"] as const;
const NOTICES = ["criterionAdded", "criterionSaved", "criterionRemoved", "criterionMoved", "standardAdded", "copied"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const eventId = parseId(params.id);
  if (!eventId) throw notFound();
  await requireEventRole(request, eventId, "organiser");
  const db = await getDb();
  const locale = await getLocale(request);
  const [event, nominations] = await Promise.all([juryEvent(db, eventId, locale), listCriteria(db, eventId, locale)]);
  return {
    locale,
    event,
    nominations: nominations.map((n) => ({
      ...n,
      standard: standardCriteria(n.discipline).map((c) => localized({ name_kk: c.nameKk, name_ru: c.nameRu, name_en: c.nameEn }, "name", locale)),
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const eventId = parseId(params.id);
  if (!eventId) throw notFound();
  const { user } = await requireEventRole(request, eventId, "organiser");
  const form = await request.formData();
  const intent = INTENTS.find((i) => i === form.get("intent"));
  if (!intent) throw new Response("Unknown action", { status: 400 });
  const db = await getDb();
  const nominationId = parseId(form.get("nominationId"));
  const criterionId = parseId(form.get("criterionId"));
  const back = (notice: (typeof NOTICES)[number], anchor: string, extra = "") => redirect(`/organiser/events/${eventId}/jury?notice=${notice}${extra}#${anchor}`);
  const refuse = (id: number, refusal: CriteriaFailure["refusal"], count?: number) => data<CriteriaFailure>({ intent, id, refusal, count }, { status: 409 });

  switch (intent) {
    case "addCriterion":
    case "updateCriterion": {
      const id = intent === "addCriterion" ? nominationId : criterionId;
      if (!id) throw notFound();
      const result = await validateForm<CriterionFormValues, CriterionData>(criterionSchema, form);
      if (!result.ok) return data<CriteriaFailure>({ intent, id, values: result.values, errors: result.errors }, { status: 400 });
      if (intent === "addCriterion") {
        const added = await addCriterion(db, user, { eventId, nominationId: id }, result.data);
        if (!added) throw notFound();
        return back("criterionAdded", `criterion-${added}`);
      }
      if (!(await updateCriterion(db, user, { eventId, criterionId: id }, result.data))) throw notFound();
      return back("criterionSaved", `criterion-${id}`);
    }
    case "removeCriterion": {
      if (!criterionId) throw notFound();
      const result = await removeCriterion(db, user, { eventId, criterionId, confirm: form.get("confirm") === "1" });
      if (result.status === "missing") throw notFound();
      if (result.status === "scored" || result.status === "locked") return refuse(criterionId, result.status, result.scores);
      return back("criterionRemoved", `nomination-${result.nominationId}`);
    }
    case "moveUp":
    case "moveDown": {
      if (!criterionId || !(await moveCriterion(db, user, { eventId, criterionId, direction: intent === "moveUp" ? "up" : "down" }))) throw notFound();
      return back("criterionMoved", `criterion-${criterionId}`);
    }
    case "standard": {
      if (!nominationId) throw notFound();
      const result = await useStandardCriteria(db, user, { eventId, nominationId });
      if (result === "missing") throw notFound();
      if (result === "notEmpty") return refuse(nominationId, "notEmpty");
      return back("standardAdded", `nomination-${nominationId}`);
    }
    case "copyAll": {
      if (!nominationId) throw notFound();
      const result = await copyCriteriaToAll(db, user, { eventId, nominationId });
      if (result.status === "missing") throw notFound();
      if (result.status === "empty") return refuse(nominationId, "copyEmpty");
      return back("copied", `nomination-${nominationId}`, `&count=${result.copied}&skipped=${result.skipped}`);
    }
  }
}

export default function JuryCriteria() {
  const { t } = useTranslation();
  const { locale, event, nominations } = useLoaderData<typeof loader>();
  const failure = (useActionData<typeof action>() ?? null) as CriteriaFailure | null;
  const [params] = useSearchParams();
  const notice = failure ? undefined : NOTICES.find((n) => n === params.get("notice"));
  const count = Number(params.get("count") ?? 0);
  const skipped = Number(params.get("skipped") ?? 0);
  return (
    <section className="stack jury-page">
      <JuryHeader event={event} current="criteria" />
      <JuryNotice text={notice ? t(`jury.notice.${notice === "copied" && skipped > 0 ? "copiedSkipped" : notice}`, { count, skipped }) : null} />
      <p>{t("jury.criteria.lead")}</p>
      {nominations.length === 0 ? <p className="muted">{t("jury.criteria.noNominations")}</p> : null}
      {nominations.map((n) => (
        <NominationCriteria key={n.id} nomination={n} locale={locale} canCopy={nominations.length > 1} failure={failure} />
      ))}
    </section>
  );
}
