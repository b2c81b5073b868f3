import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { requireUser } from "~/.server/accounts/auth.server";
import { judgePanelsByEvent } from "~/.server/judging/judge-panels.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { JudgePanels } from "~/components/judge/judge-panels";
import { titled } from "~/http/meta";
import { forbidden } from "~/http/responses";
import { judgeAppLinks, judgeAppMeta } from "~/judge-offline/install";
import { judgeHeaders, useJudgeOffline } from "~/judge-offline/offline";

export const meta: MetaFunction = ({ matches }) => [...titled(matches, "judge.title"), ...judgeAppMeta];
export const links = judgeAppLinks;

/** Names the page's judge for the offline copy (public/judge-sw.js keeps one judge's pages). */
export const headers: HeadersFunction = ({ loaderHeaders }) => judgeHeaders(loaderHeaders);

// The signed-in judge's panels, by event and round.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const events = await judgePanelsByEvent(await getDb(), user.id, await getLocale(request));
  if (!events) throw forbidden();
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
