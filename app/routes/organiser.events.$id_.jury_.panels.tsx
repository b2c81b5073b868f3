import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { requireEventRole } from "~/.server/accounts/auth.server";
import { setRoundBlind } from "~/.server/jury/blind-rounds.server";
import { type Frozen, type LockRefusal, lockRefusal } from "~/.server/jury/frozen-sections.server";
import { addJudge, copyPanelsToNextRound, copyPanelToRound, removeJudge, setChair } from "~/.server/jury/panels.server";
import { loadRoundPanelsPage } from "~/.server/jury/panels-page.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { publicBaseUrl } from "~/.server/platform/urls.server";
import { JuryHeader, JuryNotice } from "~/components/jury/jury-header";
import { NoJudgeNote } from "~/components/jury/no-judge-note";
import { type JudgeFailure, NominationPanels, RoundFacts } from "~/components/jury/round-panels";
import { formDataToObject } from "~/forms/form-data";
import { parseId } from "~/forms/ids";
import { validateForm } from "~/forms/validate";
import { readForm } from "~/http/forms";
import { readIntent } from "~/http/intents";
import { eventTitleIn, titled } from "~/http/meta";
import { redirectWithNotice, useNotice } from "~/http/notices";
import { notFound } from "~/http/responses";
import { type JudgeData, type JudgeFormValues, judgeSchema } from "~/schemas/jury";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  titled(matches, "jury.tabs.panels", { context: [eventTitleIn(data)] });

const INTENTS = ["addJudge", "removeJudge", "chair", "unchair", "copyPanel", "copyRound", "blind"] as const;
const NOTICES = [
  "judgeAdded",
  "judgeInvited",
  "judgeRemoved",
  "chairSet",
  "chairUnset",
  "panelCopied",
  "roundCopied",
  "noNextRound",
  "blindOn",
  "blindOff",
] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { eventId } = await requireEventRole(request, params.id, "organiser");
  const locale = await getLocale(request);
  const asked = new URL(request.url).searchParams.get("round");
  const page = await loadRoundPanelsPage(await getDb(), eventId, locale, asked);
  if (!page) throw notFound();
  return { locale, ...page };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { eventId, user } = await requireEventRole(request, params.id, "organiser");
  const form = await readForm(request);
  const intent = readIntent(form, INTENTS);
  const db = await getDb();
  const roundId = parseId(form.get("roundId"));
  if (!roundId) throw notFound();
  const back = (notice: (typeof NOTICES)[number], anchor: string, extra = {}) =>
    redirectWithNotice(`/organiser/events/${eventId}/jury/panels?round=${roundId}`, notice, extra, anchor);
  const refusal = async (result: Frozen) => lockRefusal(db, eventId, await getLocale(request), result);
  // The panel's results are locked: it stays as it is (409, with the sections named).
  const frozen = async (nominationId: number, result: Frozen) =>
    data<PanelsFailure>({ nominationId, ...(await refusal(result)) }, { status: 409 });

  switch (intent) {
    case "addJudge": {
      const result = await validateForm<JudgeFormValues, JudgeData>(judgeSchema, form);
      const nominationId = parseId(form.get("nominationId")) ?? 0;
      const fail = (errors: JudgeFailure["errors"], values: JudgeFormValues, status: number) =>
        data<JudgeFailure>({ nominationId, values, errors }, { status });
      if (!result.ok) return fail(result.errors, result.values, 400);
      const values = formDataToObject(form) as JudgeFormValues;
      const added = await addJudge(db, user, { eventId, ...result.data }, await publicBaseUrl(request));
      switch (added.status) {
        case "missing":
          throw notFound();
        case "needName":
          return fail({ name: { type: "custom", message: "jury.errors.needName" } }, values, 400);
        case "already":
          return fail({ email: { type: "custom", message: "jury.errors.alreadyOnPanel" } }, values, 409);
        case "locked":
          return data<PanelsFailure>({ nominationId, values, errors: {}, ...(await refusal(added)) }, { status: 409 });
        case "added":
          return added.invited
            ? back("judgeInvited", `panel-${result.data.nominationId}`, { email: result.data.email })
            : back("judgeAdded", `panel-${result.data.nominationId}`);
      }
      break;
    }
    case "removeJudge":
    case "chair":
    case "unchair": {
      const assignmentId = parseId(form.get("assignmentId"));
      if (!assignmentId) throw notFound();
      const done =
        intent === "removeJudge"
          ? await removeJudge(db, user, { eventId, assignmentId })
          : await setChair(db, user, { eventId, assignmentId, chair: intent === "chair" });
      if (done === "missing") throw notFound();
      if (typeof done === "object") return frozen(done.sections[0]!.nominationId, done);
      return back(intent === "removeJudge" ? "judgeRemoved" : intent === "chair" ? "chairSet" : "chairUnset", "main");
    }
    case "copyPanel": {
      const nominationId = parseId(form.get("nominationId"));
      const raw = form.get("ageGroupId");
      const ageGroupId = raw === "" || raw === null ? null : parseId(raw);
      if (!nominationId || ageGroupId === undefined) throw notFound();
      const result = await copyPanelToRound(db, user, { eventId, roundId, nominationId, ageGroupId });
      if (result.status === "missing") throw notFound();
      const [added, locked] = result.status === "copied" ? [result.added, result.locked] : [0, 0];
      return back("panelCopied", `panel-${nominationId}`, { count: added, locked });
    }
    case "copyRound": {
      const result = await copyPanelsToNextRound(db, user, { eventId, roundId });
      if (result.status === "missing") throw notFound();
      if (result.status === "no_next_round") return back("noNextRound", "main");
      const { panels, judges, existing, locked } = result;
      return redirectWithNotice(
        `/organiser/events/${eventId}/jury/panels?round=${result.toRoundId}`,
        "roundCopied",
        { panels, count: judges, existing, locked },
        "main",
      );
    }
    case "blind": {
      const blind = form.get("blind") === "on";
      if (!(await setRoundBlind(db, user, { eventId, roundId, blind }))) throw notFound();
      return back(blind ? "blindOn" : "blindOff", `round-${roundId}`);
    }
  }
}

/** What the action answers for a nomination's panels: the add form's errors, or a refusal because results are locked. */
type PanelsFailure = (JudgeFailure | { nominationId: number; values?: undefined; errors?: undefined }) &
  Partial<LockRefusal>;

export default function JuryPanels() {
  const { t } = useTranslation();
  const { locale, event, rounds, nominations, ageGroups, panels, roundId, locked, withoutJudge } =
    useLoaderData<typeof loader>();
  const failure = (useActionData<typeof action>() ?? null) as PanelsFailure | null;
  const [params] = useSearchParams();
  const posted = useNotice(NOTICES);
  const notice = failure ? undefined : posted;
  const round = rounds.find((r) => r.id === roundId);
  const lockedCopies = Number(params.get("locked") ?? 0);
  const noticeText = notice
    ? [
        t(`jury.notice.${notice}`, {
          count: Number(params.get("count") ?? 0),
          email: params.get("email") ?? "",
          panels: Number(params.get("panels") ?? 0),
          existing: Number(params.get("existing") ?? 0),
          locked: Number(params.get("locked") ?? 0),
        }),
        notice === "panelCopied" && lockedCopies > 0 ? t("jury.notice.panelCopiedLocked", { count: lockedCopies }) : "",
      ]
        .filter(Boolean)
        .join(" ")
    : null;
  return (
    <section className="stack jury-page">
      <JuryHeader event={event} current="panels" />
      <JuryNotice text={noticeText} />
      <p>{t("jury.panels.lead")}</p>
      {!round ? (
        <p className="muted">{t("jury.panels.noRounds")}</p>
      ) : (
        <>
          {rounds.length > 1 ? (
            <nav className="schedule-rounds" aria-label={t("jury.panels.roundsLabel")}>
              {rounds.map((r) => (
                <Link
                  key={r.id}
                  to={`?round=${r.id}`}
                  aria-current={r.id === round.id ? "page" : undefined}
                  className={r.id === round.id ? "button button--primary" : "button"}
                >
                  {t("jury.panels.round", { position: r.number, kind: t(`roundKind.${r.kind}`) })}
                </Link>
              ))}
            </nav>
          ) : null}
          <RoundFacts round={round} locale={locale} />
          {round.number < rounds.length && panels.length > 0 ? (
            <Form method="post" className="inline-form">
              <input type="hidden" name="roundId" value={round.id} />
              <button className="button" name="intent" value="copyRound">
                {t("jury.panels.copyRound", { position: round.number + 1 })}
              </button>
              <p className="muted small">{t("jury.panels.copyRoundHint")}</p>
            </Form>
          ) : null}
          {withoutJudge.map((gap) => {
            const nomination = nominations.find((n) => n.id === gap.nominationId)?.name ?? "";
            const group = ageGroups.find((g) => g.id === gap.ageGroupId);
            return (
              <NoJudgeNote
                key={`${gap.nominationId}:${gap.ageGroupId ?? 0}`}
                section={
                  group ? `${nomination}, ${t("event.ageRange", { min: group.minAge, max: group.maxAge })}` : nomination
                }
                entries={gap.entries}
                recused={gap.recused}
                addJudgeHref={`#panel-${gap.nominationId}`}
              />
            );
          })}
          {nominations.length === 0 ? <p className="muted">{t("jury.panels.noNominations")}</p> : null}
          {nominations.map((n) => (
            <NominationPanels
              key={`${round.id}-${n.id}`}
              round={round}
              nomination={n}
              panels={panels.filter((p) => p.nominationId === n.id)}
              ageGroups={ageGroups}
              locale={locale}
              eventId={event.id}
              locked={locked.filter((l) => l.nominationId === n.id)}
              failure={failure && failure.nominationId === n.id && failure.values ? (failure as JudgeFailure) : null}
              refused={
                failure && failure.nominationId === n.id && failure.refusal === "locked" ? (failure.sections ?? []) : []
              }
            />
          ))}
        </>
      )}
    </section>
  );
}
