import {
  type ActionFunctionArgs,
  data,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { requireUser } from "~/.server/accounts/auth.server";
import { judgePanelPath, judgeSheetPage } from "~/.server/judging/judge-sheet.server";
import { panelEntriesForJudge } from "~/.server/judging/panel-entries.server";
import { saveSheet } from "~/.server/judging/save-scores.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { JudgeSheet, type SheetFormResult } from "~/components/judge/judge-sheet";
import { formDataToObject } from "~/forms/form-data";
import { parseId } from "~/forms/ids";
import { readForm } from "~/http/forms";
import { badRequest, notFound } from "~/http/responses";
import { judgeHeaders, useJudgeOffline } from "~/judge-offline/offline";
import { sheetFormSchema } from "~/schemas/judge";

export const meta: MetaFunction = () => [{ title: "Toi" }, { name: "robots", content: "noindex" }];

/** Names the page's judge for the offline copy (public/judge-sw.js keeps one judge's pages). */
export const headers: HeadersFunction = ({ loaderHeaders }) => judgeHeaders(loaderHeaders);

/** The panel, if it is this judge's own; anyone else's reads as missing (ids don't leak). */
async function ownPanel(request: Request, raw: string | undefined) {
  const user = await requireUser(request);
  const assignmentId = parseId(raw);
  const view = assignmentId ? await panelEntriesForJudge(await getDb(), user.id, assignmentId) : null;
  if (!view) throw notFound();
  return { user, view };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, view } = await ownPanel(request, params.assignmentId);
  const locale = await getLocale(request);
  return data(
    {
      judgeId: user.id,
      locale,
      formAction: judgePanelPath(view.panel.assignmentId),
      saved: parseId(new URL(request.url).searchParams.get("saved")) ?? null,
      ...judgeSheetPage(view, locale),
    },
    { headers: judgeHeaders(user.id) },
  );
}

/** One entry's sheet posted as a plain form (no JavaScript). */
export async function action({ request, params }: ActionFunctionArgs) {
  const { user, view } = await ownPanel(request, params.assignmentId);
  const parsed = sheetFormSchema.safeParse(formDataToObject(await readForm(request)));
  if (!parsed.success) throw badRequest();
  const entry = view.entries.find((e) => e.entryId === parsed.data.entryId);
  if (!entry) throw notFound();
  const { errors, kept } = await saveSheet(await getDb(), user.id, view, entry.entryId, parsed.data.score);
  // A refused or kept score is shown on the card (the form's action carries the card's #anchor).
  if (Object.keys(errors).length || Object.keys(kept).length) {
    return data({ entryId: entry.entryId, values: parsed.data.score, errors, kept } satisfies SheetFormResult, {
      status: Object.keys(errors).length ? 400 : 200,
    });
  }
  return redirect(`${judgePanelPath(view.panel.assignmentId)}?saved=${entry.entryId}#entry-${entry.entryId}`);
}

export default function JudgePanelPage() {
  const { t } = useTranslation();
  const { judgeId, locale, formAction, saved, panel, criteria, entries } = useLoaderData<typeof loader>();
  const formResult = useActionData<typeof action>() ?? null;
  useJudgeOffline();
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
      {saved && !formResult ? (
        <p className="alert alert--success" role="status">
          {t("judge.savedNotice", { number: entries.find((e) => e.entryId === saved)?.number ?? "" })}
        </p>
      ) : null}
      {criteria.length === 0 ? (
        <p className="card">{t("judge.noCriteria")}</p>
      ) : entries.length === 0 ? (
        <p className="card">{t("judge.noEntries")}</p>
      ) : (
        <JudgeSheet
          judgeId={judgeId}
          roundId={panel.roundId}
          criteria={criteria}
          entries={entries}
          locale={locale}
          showAgeGroups={panel.ageGroup === null}
          formAction={formAction}
          formResult={formResult}
        />
      )}
    </section>
  );
}
