import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { requireEventRole } from "~/.server/accounts/auth.server";
import {
  addCriterion,
  applyStandardCriteria,
  copyCriteriaToAll,
  moveCriterion,
  removeCriterion,
  updateCriterion,
} from "~/.server/jury/criteria.server";
import { loadCriteriaPage } from "~/.server/jury/criteria-page.server";
import { type Frozen, lockRefusal } from "~/.server/jury/frozen-sections.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { JuryHeader, JuryNotice } from "~/components/jury/jury-header";
import { type CriteriaFailure, NominationCriteria } from "~/components/jury/nomination-criteria";
import { parseId } from "~/forms/ids";
import { validateForm } from "~/forms/validate";
import { readForm } from "~/http/forms";
import { readIntent } from "~/http/intents";
import { eventTitleIn, titled } from "~/http/meta";
import { redirectWithNotice, useNotice } from "~/http/notices";
import { notFound } from "~/http/responses";
import { type CriterionData, type CriterionFormValues, criterionSchema } from "~/schemas/jury";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  titled(matches, "jury.tabs.criteria", { context: [eventTitleIn(data)] });

const INTENTS = [
  "addCriterion",
  "updateCriterion",
  "removeCriterion",
  "moveUp",
  "moveDown",
  "standard",
  "copyAll",
] as const;
const NOTICES = [
  "criterionAdded",
  "criterionSaved",
  "criterionRemoved",
  "criterionMoved",
  "standardAdded",
  "copied",
] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { eventId } = await requireEventRole(request, params.id, "organiser");
  const locale = await getLocale(request);
  return { locale, ...(await loadCriteriaPage(await getDb(), eventId, locale)) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { eventId, user } = await requireEventRole(request, params.id, "organiser");
  const form = await readForm(request);
  const intent = readIntent(form, INTENTS);
  const db = await getDb();
  const nominationId = parseId(form.get("nominationId"));
  const criterionId = parseId(form.get("criterionId"));
  const back = (notice: (typeof NOTICES)[number], anchor: string, extra = {}) =>
    redirectWithNotice(`/organiser/events/${eventId}/jury`, notice, extra, anchor);
  const refuse = (id: number, refusal: CriteriaFailure["refusal"], count?: number) =>
    data<CriteriaFailure>({ intent, id, refusal, count }, { status: 409 });
  // Results of the nomination are locked: nothing of its criteria changes (409, with the sections named).
  const frozen = async (id: number, result: Frozen) =>
    data<CriteriaFailure>(
      { intent, id, ...(await lockRefusal(db, eventId, await getLocale(request), result)) },
      { status: 409 },
    );

  switch (intent) {
    case "addCriterion":
    case "updateCriterion": {
      const id = intent === "addCriterion" ? nominationId : criterionId;
      if (!id) throw notFound();
      const result = await validateForm<CriterionFormValues, CriterionData>(criterionSchema, form);
      if (!result.ok)
        return data<CriteriaFailure>({ intent, id, values: result.values, errors: result.errors }, { status: 400 });
      if (intent === "addCriterion") {
        const added = await addCriterion(db, user, { eventId, nominationId: id }, result.data);
        if (added.status === "missing") throw notFound();
        if (added.status === "locked") return frozen(id, added);
        return back("criterionAdded", `criterion-${added.id}`);
      }
      const saved = await updateCriterion(db, user, { eventId, criterionId: id }, result.data);
      if (saved.status === "missing") throw notFound();
      if (saved.status === "locked") return frozen(id, saved);
      return back("criterionSaved", `criterion-${id}`);
    }
    case "removeCriterion": {
      if (!criterionId) throw notFound();
      const result = await removeCriterion(db, user, { eventId, criterionId, confirm: form.get("confirm") === "1" });
      if (result.status === "missing") throw notFound();
      if (result.status === "locked") return frozen(criterionId, result);
      if (result.status === "scored") return refuse(criterionId, result.status, result.scores);
      return back("criterionRemoved", `nomination-${result.nominationId}`);
    }
    case "moveUp":
    case "moveDown": {
      if (!criterionId) throw notFound();
      const moved = await moveCriterion(db, user, {
        eventId,
        criterionId,
        direction: intent === "moveUp" ? "up" : "down",
      });
      if (moved.status === "missing") throw notFound();
      if (moved.status === "locked") return frozen(criterionId, moved);
      return back("criterionMoved", `criterion-${criterionId}`);
    }
    case "standard": {
      if (!nominationId) throw notFound();
      const result = await applyStandardCriteria(db, user, { eventId, nominationId });
      if (result === "missing") throw notFound();
      if (typeof result === "object") return frozen(nominationId, result);
      if (result === "notEmpty") return refuse(nominationId, "notEmpty");
      return back("standardAdded", `nomination-${nominationId}`);
    }
    case "copyAll": {
      if (!nominationId) throw notFound();
      const result = await copyCriteriaToAll(db, user, { eventId, nominationId });
      if (result.status === "missing") throw notFound();
      if (result.status === "empty") return refuse(nominationId, "copyEmpty");
      const { copied: count, skipped, locked } = result;
      return back("copied", `nomination-${nominationId}`, { count, skipped, locked });
    }
  }
}

export default function JuryCriteria() {
  const { t } = useTranslation();
  const { locale, event, locked, nominations } = useLoaderData<typeof loader>();
  const failure = (useActionData<typeof action>() ?? null) as CriteriaFailure | null;
  const [params] = useSearchParams();
  const posted = useNotice(NOTICES);
  const notice = failure ? undefined : posted;
  const count = Number(params.get("count") ?? 0);
  const skipped = Number(params.get("skipped") ?? 0);
  const lockedCount = Number(params.get("locked") ?? 0);
  const noticeText = notice
    ? [
        t(`jury.notice.${notice === "copied" && skipped > 0 ? "copiedSkipped" : notice}`, { count, skipped }),
        notice === "copied" && lockedCount > 0 ? t("jury.notice.copiedLocked", { count: lockedCount }) : "",
      ]
        .filter(Boolean)
        .join(" ")
    : null;
  return (
    <section className="stack jury-page">
      <JuryHeader event={event} current="criteria" />
      <JuryNotice text={noticeText} />
      <p>{t("jury.criteria.lead")}</p>
      {nominations.length === 0 ? <p className="muted">{t("jury.criteria.noNominations")}</p> : null}
      {nominations.map((n) => (
        <NominationCriteria
          key={n.id}
          nomination={n}
          locale={locale}
          eventId={event.id}
          locked={locked.filter((l) => l.nominationId === n.id)}
          canCopy={nominations.length > 1}
          failure={failure}
        />
      ))}
    </section>
  );
}
