import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { requireUser } from "~/.server/accounts/auth.server";
import { isJudge, judgePanels } from "~/.server/judging/judging.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { JudgePanels, type PanelEvent } from "~/components/judge/judge-panels";
import { judgeHeaders, useJudgeOffline } from "~/components/judge/offline";
import { localized } from "~/domain/locale";
import { forbidden } from "~/http/responses";
import { formatDate } from "~/i18n/format";

export const meta: MetaFunction = () => [{ title: "Toi" }, { name: "robots", content: "noindex" }];

/** Names the page's judge for the offline copy (public/judge-sw.js keeps one judge's pages). */
export const headers: HeadersFunction = ({ loaderHeaders }) => judgeHeaders(loaderHeaders);

// The signed-in judge's panels, by event and round.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const panels = await judgePanels(db, user.id);
  if (panels.length === 0 && !(await isJudge(db, user.id))) throw forbidden();
  const locale = await getLocale(request);
  const events: PanelEvent[] = [];
  for (const p of panels) {
    let event = events.find((e) => e.id === p.event.id);
    if (!event) events.push((event = { id: p.event.id, title: localized(p.event, "title", locale), rounds: [] }));
    let round = event.rounds.find((r) => r.id === p.round.id);
    if (!round) {
      event.rounds.push(
        (round = {
          id: p.round.id,
          kind: p.round.kind,
          city: p.round.city,
          date: p.round.startsOn ? formatDate(p.round.startsOn, locale) : null,
          blind: p.round.blind,
          panels: [],
        }),
      );
    }
    round.panels.push({
      assignmentId: p.assignmentId,
      nomination: localized(p.nomination, "name", locale),
      ageGroup: p.ageGroup,
      isChair: p.isChair,
      scored: p.scored,
      total: p.total,
      hidden: p.hidden,
    });
  }
  return data({ events }, { headers: judgeHeaders(user.id) });
}

export default function JudgeHome() {
  const { t } = useTranslation();
  const { events } = useLoaderData<typeof loader>();
  useJudgeOffline();
  return (
    <section className="stack narrow-wide">
      <h1>{t("judge.title")}</h1>
      <p className="muted">{t("judge.lead")}</p>
      {events.length === 0 ? <p className="card">{t("judge.noPanels")}</p> : <JudgePanels events={events} />}
    </section>
  );
}
