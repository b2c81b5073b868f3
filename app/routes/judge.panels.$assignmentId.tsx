import {
  type ActionFunctionArgs,
  data,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { requireUser } from "~/.server/accounts/auth.server";
import { isOwnAssignment } from "~/.server/judging/judge-panels.server";
import { judgePanelPath, judgeSheetPage } from "~/.server/judging/judge-sheet.server";
import { PANEL_SHOWS, panelEntriesForJudge, panelPageForJudge } from "~/.server/judging/panel-entries.server";
import { saveSheet } from "~/.server/judging/save-scores.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { JudgeSheet, type SheetFormResult } from "~/components/judge/judge-sheet";
import { PanelFilters, PanelPager } from "~/components/judge/panel-list";
import { formDataToObject } from "~/forms/form-data";
import { parseId } from "~/forms/ids";
import { readForm } from "~/http/forms";
import { eventTitleIn, titled } from "~/http/meta";
import { badRequest, notFound } from "~/http/responses";
import { judgeAppLinks, judgeAppMeta } from "~/judge-offline/install";
import { judgeHeaders, useJudgeOffline } from "~/judge-offline/offline";
import { sheetFormSchema } from "~/schemas/judge";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => [
  ...titled(matches, "judge.title", { context: [eventTitleIn(data)] }),
  ...judgeAppMeta,
];
export const links = judgeAppLinks;

/** Names the page's judge for the offline copy (public/judge-sw.js keeps one judge's pages). */
export const headers: HeadersFunction = ({ loaderHeaders }) => judgeHeaders(loaderHeaders);

/** The signed-in user and the panel asked for; a panel that isn't the judge's own reads as missing (ids don't leak). */
async function judgeAndPanel(request: Request, raw: string | undefined) {
  const user = await requireUser(request);
  const assignmentId = parseId(raw);
  if (!assignmentId) throw notFound();
  return { user, assignmentId };
}

/** Which page of the panel the URL asks for; a filter it doesn't know is the default. */
function panelQuery(url: URL) {
  const show = url.searchParams.get("show");
  return {
    show: PANEL_SHOWS.find((s) => s === show) ?? null,
    from: parseId(url.searchParams.get("from")) ?? null,
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, assignmentId } = await judgeAndPanel(request, params.assignmentId);
  const url = new URL(request.url);
  const saved = parseId(url.searchParams.get("saved")) ?? null;
  const view = await panelPageForJudge(await getDb(), user.id, assignmentId, { ...panelQuery(url), keep: saved });
  if (!view) throw notFound();
  const locale = await getLocale(request);
  return data({ judgeId: user.id, locale, saved, ...judgeSheetPage(view, locale) }, { headers: judgeHeaders(user.id) });
}

/** One entry's sheet posted as a plain form (no JavaScript). */
export async function action({ request, params }: ActionFunctionArgs) {
  const { user, assignmentId } = await judgeAndPanel(request, params.assignmentId);
  const db = await getDb();
  if (!(await isOwnAssignment(db, user.id, assignmentId))) throw notFound();
  const parsed = sheetFormSchema.safeParse(formDataToObject(await readForm(request)));
  if (!parsed.success) throw badRequest();
  const view = await panelEntriesForJudge(db, user.id, assignmentId, { only: [parsed.data.entryId] });
  const entry = view?.entries[0];
  if (!view || !entry) throw notFound();
  const { errors, kept } = await saveSheet(db, user.id, view, entry.entryId, parsed.data.score);
  // A refused or kept score is shown on the card (the form's action carries the card's #anchor).
  if (Object.keys(errors).length || Object.keys(kept).length) {
    return data({ entryId: entry.entryId, values: parsed.data.score, errors, kept } satisfies SheetFormResult, {
      status: Object.keys(errors).length ? 400 : 200,
    });
  }
  // Back to the same page of the panel, which keeps the saved entry in view.
  const { show, from } = panelQuery(new URL(request.url));
  const back = new URLSearchParams({ ...(show ? { show } : {}), ...(from ? { from: String(from) } : {}) });
  back.set("saved", String(entry.entryId));
  return redirect(`${judgePanelPath(assignmentId)}?${back}#entry-${entry.entryId}`);
}

export default function JudgePanelPage() {
  const { t } = useTranslation();
  const { judgeId, locale, formAction, saved, list, panel, criteria, entries } = useLoaderData<typeof loader>();
  const formResult = useActionData<typeof action>() ?? null;
  const { search } = useLocation();
  useJudgeOffline();
  const savedNumber = entries.find((e) => e.entryId === saved)?.number;
  return (
    <section className="stack judge-page">
      <p className="back-link">
        <Link to="/judge">← {t("judge.backToPanels")}</Link>
      </p>
      <header>
        <p className="muted small">
          {panel.event} · {t(`roundKind.${panel.roundKind}`)}
        </p>
        <h1>
          {panel.nomination}
          <span className="muted">
            {" "}
            · {panel.ageGroup ? t("event.ageRange", panel.ageGroup) : t("judge.allAgeGroups")}
          </span>
        </h1>
      </header>
      {panel.blind ? <p className="alert alert--warning">{t("judge.blindNote")}</p> : null}
      {panel.hidden > 0 ? <p className="muted">{t("judge.hidden", { count: panel.hidden })}</p> : null}
      {savedNumber && !formResult ? (
        <p className="alert alert--success" role="status">
          {t("judge.savedNotice", { number: savedNumber })}
        </p>
      ) : null}
      {criteria.length === 0 ? (
        <p className="card">{t("judge.noCriteria")}</p>
      ) : list.counts.all === 0 ? (
        <p className="card">{t("judge.noEntries")}</p>
      ) : (
        <>
          <PanelFilters list={list} />
          {entries.length === 0 ? (
            <p className="card">{t(list.show === "todo" ? "judge.list.allDone" : "judge.list.noneDone")}</p>
          ) : (
            // A new page of entries is a new sheet: its fields start from what the server and the device hold.
            <JudgeSheet
              key={search}
              judgeId={judgeId}
              roundId={panel.roundId}
              criteria={criteria}
              entries={entries}
              progress={{ scored: panel.scored, total: panel.total }}
              locale={locale}
              showAgeGroups={panel.ageGroup === null}
              formAction={formAction}
              formResult={formResult}
            />
          )}
          <PanelPager list={list} />
        </>
      )}
    </section>
  );
}
