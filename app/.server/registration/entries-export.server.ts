import { parseEntryOrder } from "~/domain/entry-list";
import type { Locale } from "~/domain/locale";
import { slugify } from "~/domain/slug";
import { createI18n } from "~/i18n";

import { eventHeading } from "../events/events.server";
import type { DB } from "../platform/db.server";
import { filtersFrom, listEventEntries } from "./organiser-entries.server";
import { csvDialect, type ExportColumn, type ExportRow, toCsv } from "./roster/export.server";
import { toXlsxOffThread } from "./roster/xlsx-off-thread.server";

export type EntriesExportFormat = "csv" | "xlsx";

/**
 * The organisers' download of an event's entries, one row per child, filtered as the entries page's
 * query string says, with headings and values in the organiser's language.
 */
export async function exportEventEntries(
  db: DB,
  eventId: number,
  url: URL,
  format: EntriesExportFormat,
  locale: Locale,
): Promise<{ fileName: string; body: Buffer | Uint8Array }> {
  const { t } = createI18n(locale);
  const event = (await eventHeading(db, eventId))!;
  const entries = await listEventEntries(db, eventId, filtersFrom(url), locale, {
    order: parseEntryOrder(url.searchParams),
  });

  const columns: ExportColumn[] = [
    { key: "reference", header: t("myEntries.reference") },
    { key: "status", header: t("organiser.columns.status") },
    { key: "nomination", header: t("enter.nomination") },
    { key: "ageGroup", header: t("event.ageGroups") },
    { key: "format", header: t("enter.format") },
    { key: "title", header: t("organiserEntries.export.title") },
    {
      key: "duration",
      header: t("organiserEntries.export.duration"),
      csvHeader: t("organiserEntries.export.durationSeconds"),
      type: "duration",
    },
    { key: "name", header: t("organiserEntries.child") },
    { key: "birthDate", header: t("children.birthDate"), type: "date" },
    { key: "city", header: t("form.city") },
    { key: "club", header: t("children.club") },
    { key: "region", header: t("organiserEntries.columns.region") },
    { key: "photoConsent", header: t("organiserEntries.columns.photo") },
    { key: "guardianPhone", header: t("organiserEntries.guardianPhone") },
    { key: "videoUrl", header: t("enter.videoUrl") },
    { key: "createdAt", header: t("organiserEntries.submittedAt"), type: "dateTime" },
  ];
  const rows: ExportRow[] = entries.flatMap((e) =>
    e.members.map((m) => ({
      reference: e.reference,
      status: t(`entryStatus.${e.status}`),
      nomination: e.nomination,
      ageGroup: e.ageGroup ? t("event.ageRange", { min: e.ageGroup.min, max: e.ageGroup.max }) : "",
      format: t(`format.${e.format}`),
      title: e.title,
      duration: e.durationSeconds,
      name: m.name ?? t("children.anonymous"),
      birthDate: m.birthDate,
      city: t(`city.${m.city}`, { defaultValue: m.city }),
      club: m.club ?? "",
      region: e.region ? t(`region.${e.region}`, { defaultValue: e.region }) : "",
      photoConsent: m.photoConsent ? t("organiserEntries.photoYes") : t("organiserEntries.photoNo"),
      guardianPhone: m.guardianPhone ?? "",
      videoUrl: e.videoUrl ?? "",
      createdAt: new Date(e.createdAt),
    })),
  );
  const name = `${slugify(event.slug) || "event"}-entries`;
  const body =
    format === "csv"
      ? toCsv(columns, rows, csvDialect(locale))
      : await toXlsxOffThread(t("organiserEntries.title").slice(0, 31), columns, rows);
  return { fileName: `${name}.${format}`, body };
}
