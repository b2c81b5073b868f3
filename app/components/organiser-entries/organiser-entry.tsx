import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import type { EntryKind } from "#db/types";
import { formatDuration } from "~/domain/eligibility";
import { type EntryStatusCode, isOpen } from "~/domain/entry-statuses";
import type { Locale } from "~/domain/locale";
import { formatDate, formatDateTime } from "~/i18n/format";

import { Fact } from "../fact";
import { ScrollTable } from "../scroll-table";

const NONE = "—";

export interface OrganiserEntryView {
  id: number;
  reference: string;
  status: EntryStatusCode;
  statusReason: string | null;
  format: string;
  title: string;
  durationSeconds: number | null;
  videoUrl: string | null;
  hasArtwork: boolean;
  createdAt: string;
  nomination: string;
  entryKind: EntryKind;
  ageGroup: { min: number; max: number } | null;
  club: string | null;
  region: string | null;
  members: {
    id: number;
    /** Null once the child's data was deleted. */
    name: string | null;
    birthDate: string | null;
    club: string | null;
    photoConsent: boolean;
    /** The guardian's phone, for the day of the event; null when the family gave none. */
    guardianPhone: string | null;
  }[];
}

/**
 * Everything organisers see of one entry: the piece, each performer with birth date, club and photo
 * consent, and while the entry is open the decision, confirming a wait-listed entry or rejecting
 * with a reason the family will read.
 */
export function OrganiserEntry({
  entry: e,
  locale,
  timeZone,
  error,
}: {
  entry: OrganiserEntryView;
  locale: Locale;
  timeZone: string;
  /** The message key of a decision the action refused. */
  error?: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      <div className="card stack">
        <p className="entry-status">
          <span className={`pill pill--entry-${e.status}`}>{t(`entryStatus.${e.status}`)}</span>
          <span className="entry-status__ref">{e.reference}</span>
        </p>
        {e.statusReason ? <p className="small muted">{e.statusReason}</p> : null}
        <dl className="facts">
          <Fact term={t("enter.nomination")}>{e.nomination}</Fact>
          <Fact term={t("organiserEntries.columns.ageGroup")}>
            {e.ageGroup ? t("event.ageRange", { min: e.ageGroup.min, max: e.ageGroup.max }) : NONE}
          </Fact>
          <Fact term={t("enter.format")}>{t(`format.${e.format}`)}</Fact>
          {e.title ? (
            <Fact term={t(e.entryKind === "artwork" ? "enter.workTitle" : "enter.pieceTitle")}>{e.title}</Fact>
          ) : null}
          {e.durationSeconds ? <Fact term={t("enter.duration")}>{formatDuration(e.durationSeconds)}</Fact> : null}
          <Fact term={t("organiserEntries.columns.club")}>{e.club ?? NONE}</Fact>
          <Fact term={t("organiserEntries.columns.region")}>
            {e.region ? t(`region.${e.region}`, { defaultValue: e.region }) : NONE}
          </Fact>
          <Fact term={t("organiserEntries.columns.submitted")}>
            <time dateTime={e.createdAt}>{formatDateTime(e.createdAt, locale, timeZone)}</time>
          </Fact>
          {e.videoUrl ? (
            <Fact term={t("enter.videoUrl")}>
              <a href={e.videoUrl} rel="noopener noreferrer nofollow" target="_blank">
                {e.videoUrl}
              </a>
            </Fact>
          ) : null}
        </dl>
        {e.hasArtwork ? (
          <a href={`/entries/${e.reference}/artwork`} target="_blank" rel="noopener">
            <img
              className="artwork-thumb"
              src={`/entries/${e.reference}/artwork?w=320`}
              alt={t("enter.artwork")}
              width={160}
            />
          </a>
        ) : null}
      </div>
      <ScrollTable
        id="performers-caption"
        caption={t("organiserEntries.columns.performers")}
        columns={[
          t("organiserEntries.child"),
          t("children.birthDate"),
          t("organiserEntries.columns.club"),
          t("organiserEntries.columns.photo"),
          t("organiserEntries.guardianPhone"),
        ]}
      >
        {e.members.map((m) => (
          <tr key={m.id}>
            <th scope="row">{m.name ?? t("children.anonymous")}</th>
            <td>{m.birthDate ? formatDate(m.birthDate, locale) : NONE}</td>
            <td>{m.club ?? NONE}</td>
            <td className={m.photoConsent ? undefined : "entries-table__photo--no"}>
              {m.photoConsent ? t("organiserEntries.photoYes") : t("organiserEntries.noPhotoVideo")}
            </td>
            <td>
              {m.guardianPhone ? <a href={`tel:${m.guardianPhone.replace(/\s/g, "")}`}>{m.guardianPhone}</a> : NONE}
            </td>
          </tr>
        ))}
      </ScrollTable>
      {isOpen(e.status) ? (
        <Form method="post" className="card stack">
          <h2>{t("organiserEntries.decide")}</h2>
          {error ? (
            <p className="field__error" role="alert">
              {t(error)}
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
            <textarea name="reason" rows={3} maxLength={1000} />
          </label>
          <button type="submit" name="intent" value="reject" className="button button--danger">
            {t("organiserEntries.reject")}
          </button>
        </Form>
      ) : null}
    </>
  );
}
