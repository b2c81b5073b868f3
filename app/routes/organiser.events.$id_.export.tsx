import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireEventRole } from "~/.server/accounts/auth.server";
import { eventHeading } from "~/.server/events/events.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { filtersFrom, listEventEntries } from "~/.server/registration/organiser-entries.server";
import { type ExportColumn, type ExportRow, toCsv, toXlsx } from "~/.server/registration/roster/export.server";
import { slugify } from "~/domain/slug";
import { badRequest, notFound } from "~/http/responses";
import { createI18n } from "~/i18n";

// The event's organisers: entries as CSV or XLSX, one row per child, with the page's filters.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const eventId = Number(params.id);
  if (!Number.isSafeInteger(eventId) || eventId <= 0) throw notFound();
  await requireEventRole(request, eventId, "organiser");
  const url = new URL(request.url);
  const format = url.searchParams.get("format");
  if (format !== "csv" && format !== "xlsx") throw badRequest();
  const locale = await getLocale(request);
  const { t } = createI18n(locale);
  const db = await getDb();
  const event = (await eventHeading(db, eventId))!;
  const entries = await listEventEntries(db, eventId, filtersFrom(url), locale, 100_000);

  const columns: ExportColumn[] = [
    { key: "reference", header: t("myEntries.reference") },
    { key: "status", header: t("organiser.columns.status") },
    { key: "nomination", header: t("enter.nomination") },
    { key: "ageGroup", header: t("event.ageGroups") },
    { key: "format", header: t("enter.format") },
    { key: "title", header: t("enter.pieceTitle") },
    { key: "duration", header: t("enter.duration") },
    { key: "name", header: t("organiserEntries.child") },
    { key: "birthDate", header: t("children.birthDate"), type: "date" },
    { key: "city", header: t("form.city") },
    { key: "club", header: t("children.club") },
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
      duration: e.durationSeconds
        ? `${Math.floor(e.durationSeconds / 60)}:${String(e.durationSeconds % 60).padStart(2, "0")}`
        : "",
      name: m.name ?? t("children.anonymous"),
      birthDate: m.birthDate,
      city: t(`city.${m.city}`, { defaultValue: m.city }),
      club: m.club ?? "",
      videoUrl: e.videoUrl ?? "",
      createdAt: new Date(e.createdAt),
    })),
  );
  const name = `${slugify(event.slug) || "event"}-entries`;
  const body =
    format === "csv"
      ? toCsv(columns, rows, { delimiter: locale === "en" ? "," : ";" })
      : await toXlsx(t("organiserEntries.title").slice(0, 31), columns, rows);
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type":
        format === "csv"
          ? "text/csv; charset=utf-8"
          : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="${name}.${format}"`,
      "Cache-Control": "no-store",
    },
  });
}
