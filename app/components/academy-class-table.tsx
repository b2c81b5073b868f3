import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import type { ClassSort, ListQuery } from "~/domain/academy/lists";
import type { Locale } from "~/domain/locale";
import { formatNumber } from "~/i18n/format";

import { useSortHeading } from "./academy-lists";
import { ageLimits, formatSession, type SessionTimes } from "./academy-sessions";
import { ScrollTable } from "./scroll-table";

export interface ClassRowView {
  id: number;
  title: string;
  teacher: string;
  room: string;
  capacity: number;
  taken: number;
  minAge: number | null;
  maxAge: number | null;
  sessions: readonly SessionTimes[];
}

/** One page of the academy's classes: sortable headings, places taken, links to each class's participants and form. */
export function AcademyClassTable({
  classes,
  query,
  caption,
  eventId,
  locale,
  timeZone,
  busy,
}: {
  classes: readonly ClassRowView[];
  query: ListQuery<ClassSort, string>;
  caption: string;
  eventId: number;
  locale: Locale;
  timeZone: string;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const heading = useSortHeading(query);
  const columns: [ClassSort | null, string][] = [
    ["title", t("academy.list.columns.title")],
    ["teacher", t("academy.list.columns.teacher")],
    ["start", t("academy.list.columns.start")],
    ["taken", t("academy.list.columns.taken")],
    ["free", t("academy.list.columns.free")],
    [null, t("academy.list.columns.actions")],
  ];
  const n = (x: number) => formatNumber(x, locale);
  const base = `/organiser/events/${eventId}/classes`;
  return (
    <ScrollTable
      id="classes-caption"
      caption={caption}
      className="academy-class-table"
      columns={columns.map(([sort, label]) => heading(sort, label))}
      sorted={{
        column: columns.findIndex(([sort]) => sort === query.sort),
        direction: query.dir === "asc" ? "ascending" : "descending",
      }}
    >
      {classes.map((c) => {
        const ages = ageLimits(c.minAge, c.maxAge);
        const first = c.sessions[0];
        return (
          <tr key={c.id}>
            <td>
              <Link to={`${base}/${c.id}/participants`}>{c.title}</Link>
              {ages || c.room ? (
                <span className="small muted">
                  {" "}
                  {[c.room ? `${t("academy.room")} ${c.room}` : "", ages ? t(ages.key, ages.params) : ""]
                    .filter(Boolean)
                    .join(" · ")}
                </span>
              ) : null}
            </td>
            <td>{c.teacher}</td>
            <td className="small">
              {first ? formatSession(first, locale, timeZone) : "—"}
              {c.sessions.length > 1 ? ` (+${n(c.sessions.length - 1)})` : ""}
            </td>
            <td>
              <span className={`pill${c.taken >= c.capacity ? " pill--full" : ""}`}>
                {t("academy.placesTaken", { taken: n(c.taken), capacity: n(c.capacity) })}
              </span>
            </td>
            <td>{n(Math.max(0, c.capacity - c.taken))}</td>
            <td>
              <Form method="post" className="status-actions">
                <Link className="button" to={`${base}/${c.id}`}>
                  {t("organiser.edit")}
                </Link>
                <input type="hidden" name="classId" value={c.id} />
                <button type="submit" name="intent" value="remove" className="button button--danger" disabled={busy}>
                  {t("academy.remove")}
                </button>
              </Form>
            </td>
          </tr>
        );
      })}
    </ScrollTable>
  );
}
