import { TZDate } from "@date-fns/tz";
import {
  type ActionFunctionArgs,
  data,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { format } from "date-fns";
import { useTranslation } from "react-i18next";

import { requireUser } from "~/.server/accounts/auth.server";
import { panelEntriesForJudge, saveSheet } from "~/.server/judging/judging.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { JudgeSheet, type SheetFormResult } from "~/components/judge/judge-sheet";
import { judgeHeaders, useJudgeOffline } from "~/components/judge/offline";
import { localized } from "~/domain/locale";
import { formDataToObject } from "~/forms/form-data";
import { parseId } from "~/forms/ids";
import { badRequest, notFound } from "~/http/responses";
import { sheetFormSchema } from "~/schemas/judge";

export const meta: MetaFunction = () => [{ title: "Toi" }, { name: "robots", content: "noindex" }];

/** Names the page's judge for the offline copy (public/judge-sw.js keeps one judge's pages). */
export const headers: HeadersFunction = ({ loaderHeaders }) => judgeHeaders(loaderHeaders);

/** A row id: a positive integer column (larger numbers would make PostgreSQL fail, not miss). */

/** The panel, if it is this judge's own; anyone else's reads as missing (ids don't leak). */
async function ownPanel(request: Request, raw: string | undefined) {
  const user = await requireUser(request);
  const assignmentId = parseId(raw);
  const view = assignmentId ? await panelEntriesForJudge(await getDb(), user.id, assignmentId) : null;
  if (!view) throw notFound();
  return { user, view };
}

const duration = (seconds: number | null) =>
  seconds === null ? null : `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, view } = await ownPanel(request, params.assignmentId);
  const locale = await getLocale(request);
  const { panel } = view;
  const base = `/judge/panels/${panel.assignmentId}`;
  return data(
    {
      judgeId: user.id,
      locale,
      formAction: base,
      saved: parseId(new URL(request.url).searchParams.get("saved")) ?? null,
      panel: {
        event: localized(panel.event, "title", locale),
        roundId: panel.round.id,
        roundKind: panel.round.kind,
        blind: panel.round.blind,
        nomination: localized(panel.nomination, "name", locale),
        ageGroup: panel.ageGroup,
        hidden: panel.hidden,
      },
      criteria: view.criteria.map((c) => ({
        id: c.id,
        name: localized(c, "name", locale),
        maxScore: c.maxScore,
        weight: c.weight,
      })),
      entries: view.entries.map((e) => ({
        entryId: e.entryId,
        number: e.number,
        reference: e.reference,
        title: e.title,
        format: e.format,
        duration: duration(e.durationSeconds),
        videoUrl: e.videoUrl,
        artworkUrl: e.hasArtwork ? `${base}/artwork/${e.entryId}` : null,
        performers: e.performers,
        club: e.club,
        ageGroup: e.ageGroup,
        time: e.startsAt ? format(new TZDate(e.startsAt.getTime(), panel.event.timezone), "HH:mm") : null,
        locked: e.locked,
        scores: e.scores,
      })),
    },
    { headers: judgeHeaders(user.id) },
  );
}

/** One entry's sheet posted as a plain form (no JavaScript). */
export async function action({ request, params }: ActionFunctionArgs) {
  const { user, view } = await ownPanel(request, params.assignmentId);
  const parsed = sheetFormSchema.safeParse(formDataToObject(await request.formData()));
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
  return redirect(`/judge/panels/${view.panel.assignmentId}?saved=${entry.entryId}#entry-${entry.entryId}`);
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
