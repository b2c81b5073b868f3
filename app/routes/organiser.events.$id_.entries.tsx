import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Fragment } from "react";
import { useTranslation } from "react-i18next";

import type { EntryStatus } from "#db/types";
import { requireEventRole } from "~/.server/accounts/auth.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { publicBaseUrl } from "~/.server/platform/urls.server";
import { decideEntry, entryEventId } from "~/.server/registration/decide-entry.server";
import { organiserEntriesPage } from "~/.server/registration/organiser-entries.server";
import { CITIES } from "~/domain/cities";
import { ENTRY_STATUSES } from "~/domain/entry-statuses";
import { parseId } from "~/forms/ids";
import { readForm } from "~/http/forms";
import { readIntent } from "~/http/intents";
import { eventTitleIn, titled } from "~/http/meta";
import { redirectWithNotice, useNotice } from "~/http/notices";
import { badRequest, invariantResponse, notFound } from "~/http/responses";
import { formatDate } from "~/i18n/format";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  titled(matches, "organiserEntries.title", { context: [eventTitleIn(data)] });

const NOTICES = ["approve", "reject", "invalid"] as const;

// The event's organisers and admins only.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { eventId } = await requireEventRole(request, params.id, "organiser");
  const locale = await getLocale(request);
  const url = new URL(request.url);
  return { locale, ...(await organiserEntriesPage(await getDb(), eventId, url, locale)), query: url.search };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { eventId, user } = await requireEventRole(request, params.id, "organiser");
  const form = await readForm(request);
  const decision = readIntent(form, ["approve", "reject"]);
  const entryId = parseId(String(form.get("entryId") ?? ""));
  if (!entryId) throw badRequest();
  const db = await getDb();
  if ((await entryEventId(db, entryId)) !== eventId) throw notFound();
  const reason =
    String(form.get("reason") ?? "")
      .trim()
      .slice(0, 1000) || null;
  if (decision === "reject" && !reason)
    return data({ error: "organiserEntries.reasonRequired", entryId }, { status: 400 });
  const outcome = await decideEntry(db, user, entryId, decision, reason, await publicBaseUrl(request));
  invariantResponse(outcome !== "missing");
  const back = new URL(request.url).search;
  throw redirectWithNotice(`/organiser/events/${eventId}/entries${back}`, outcome === "done" ? decision : "invalid");
}

export default function OrganiserEntries() {
  const { t } = useTranslation();
  const { locale, event, nominations, ageGroups, clubs, entries, counts, query } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const notice = useNotice(NOTICES);
  const failed = useActionData<typeof action>();
  const count = (nominationId: number, status: EntryStatus, ageGroupId?: number) =>
    counts
      .filter(
        (c) =>
          c.nomination_id === nominationId &&
          c.status === status &&
          (ageGroupId === undefined || c.age_group_id === ageGroupId),
      )
      .reduce((sum, c) => sum + c.n, 0);
  const exportQuery = (format: string) => {
    const p = new URLSearchParams(query);
    p.delete("notice");
    p.set("format", format);
    return `/organiser/events/${event.id}/export?${p.toString()}`;
  };
  return (
    <section className="stack">
      <p>
        <Link to={`/organiser/events/${event.id}`}>← {event.title}</Link>
      </p>
      <div className="page-title">
        <h1>{t("organiserEntries.title")}</h1>
        <p className="status-actions">
          <a className="button" href={exportQuery("csv")}>
            {t("organiserEntries.exportCsv")}
          </a>
          <a className="button" href={exportQuery("xlsx")}>
            {t("organiserEntries.exportXlsx")}
          </a>
        </p>
      </div>
      {notice ? (
        <p className={`alert ${notice === "invalid" ? "alert--error" : "alert--success"}`} role="status">
          {t(`organiserEntries.notice_${notice}`)}
        </p>
      ) : null}
      <details className="card counts">
        <summary className="summary-button">{t("organiserEntries.counts")}</summary>
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">{t("organiserEntries.counts")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("event.nominations")}</th>
                <th scope="col">{t("entryStatus.confirmed")}</th>
                <th scope="col">{t("entryStatus.waitlisted")}</th>
                <th scope="col">{t("organiserEntries.capacity")}</th>
              </tr>
            </thead>
            <tbody>
              {nominations.map((n) => (
                <Fragment key={n.id}>
                  <tr className="data-table__group">
                    <th scope="row">{n.name}</th>
                    <td>{count(n.id, "confirmed")}</td>
                    <td>{count(n.id, "waitlisted")}</td>
                    <td>{n.capacity ?? "—"}</td>
                  </tr>
                  {ageGroups.length > 1
                    ? ageGroups.map((g) => (
                        <tr key={g.id}>
                          <th scope="row" className="data-table__sub">
                            {t("event.ageRange", { min: g.min, max: g.max })}
                          </th>
                          <td>{count(n.id, "confirmed", g.id)}</td>
                          <td>{count(n.id, "waitlisted", g.id)}</td>
                          <td />
                        </tr>
                      ))
                    : null}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      </details>
      <Form method="get" className="filters filters--wide">
        <div className="field">
          <label htmlFor="f-nomination">{t("enter.nomination")}</label>
          <select id="f-nomination" name="nomination" defaultValue={params.get("nomination") ?? ""}>
            <option value="">{t("organiserEntries.all")}</option>
            {nominations.map((n) => (
              <option key={n.id} value={n.id}>
                {n.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-age">{t("event.ageGroups")}</label>
          <select id="f-age" name="ageGroup" defaultValue={params.get("ageGroup") ?? ""}>
            <option value="">{t("organiserEntries.all")}</option>
            {ageGroups.map((g) => (
              <option key={g.id} value={g.id}>
                {t("event.ageRange", { min: g.min, max: g.max })}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-club">{t("children.club")}</label>
          <select id="f-club" name="club" defaultValue={params.get("club") ?? ""}>
            <option value="">{t("organiserEntries.all")}</option>
            {clubs.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-city">{t("form.city")}</label>
          <select id="f-city" name="city" defaultValue={params.get("city") ?? ""}>
            <option value="">{t("organiserEntries.all")}</option>
            {CITIES.map((c) => (
              <option key={c} value={c}>
                {t(`city.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-status">{t("organiser.columns.status")}</label>
          <select id="f-status" name="status" defaultValue={params.get("status") ?? ""}>
            <option value="">{t("organiserEntries.all")}</option>
            {ENTRY_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`entryStatus.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-q">{t("organiserEntries.search")}</label>
          <input id="f-q" name="q" type="search" defaultValue={params.get("q") ?? ""} />
        </div>
        <div className="filters__actions">
          <button type="submit" className="button button--primary">
            {t("home.apply")}
          </button>
        </div>
      </Form>
      {entries.length === 0 ? <p className="muted">{t("organiserEntries.none")}</p> : null}
      <ul className="organiser-list">
        {entries.map((e) => (
          <li key={e.id} className="card stack entry-card">
            <div className="entry-card__head">
              <span className={`pill pill--entry-${e.status}`}>{t(`entryStatus.${e.status}`)}</span>
              <span className="entry-status__ref">{e.reference}</span>
              <span className="muted small">
                {e.nomination}
                {e.ageGroup ? ` · ${t("event.ageRange", { min: e.ageGroup.min, max: e.ageGroup.max })}` : ""} ·{" "}
                {t(`format.${e.format}`)}
              </span>
            </div>
            <ul className="small member-list">
              {e.members.map((m) => (
                <li key={m.id}>
                  {m.name ?? t("children.anonymous")}
                  {m.birthDate ? ` · ${formatDate(m.birthDate, locale)}` : ""}
                  {m.club ? ` · ${m.club}` : ""}
                </li>
              ))}
            </ul>
            {e.title ? <p className="small">«{e.title}»</p> : null}
            {e.hasArtwork ? (
              <a href={`/entries/${e.reference}/artwork`} target="_blank" rel="noopener">
                <img
                  className="artwork-thumb"
                  src={`/entries/${e.reference}/artwork?w=320`}
                  alt={t("enter.artwork")}
                  loading="lazy"
                  width={160}
                />
              </a>
            ) : null}
            {e.videoUrl ? (
              <p className="small">
                <a href={e.videoUrl} rel="noopener noreferrer nofollow" target="_blank">
                  {t("enter.videoUrl")}
                </a>
              </p>
            ) : null}
            {e.statusReason ? <p className="small muted">{e.statusReason}</p> : null}
            {e.status === "confirmed" || e.status === "waitlisted" || e.status === "submitted" ? (
              <details open={failed?.entryId === e.id}>
                <summary>{t("organiserEntries.decide")}</summary>
                <Form method="post" className="stack">
                  {failed?.entryId === e.id ? (
                    <p className="field__error" role="alert">
                      {t(failed.error)}
                    </p>
                  ) : null}
                  <input type="hidden" name="entryId" value={e.id} />
                  {e.status === "waitlisted" ? (
                    <button type="submit" name="intent" value="approve" className="button">
                      {t("organiserEntries.approve")}
                    </button>
                  ) : null}
                  <label className="field">
                    <span>{t("organiserEntries.reason")}</span>
                    <textarea name="reason" rows={2} maxLength={1000} />
                  </label>
                  <button type="submit" name="intent" value="reject" className="button button--danger">
                    {t("organiserEntries.reject")}
                  </button>
                </Form>
              </details>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
