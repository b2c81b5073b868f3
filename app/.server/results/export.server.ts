import { sql } from "kysely";

import { type Locale, localized } from "~/domain/locale";
import { slugify } from "~/domain/slug";
import { createI18n } from "~/i18n";

import { eventRounds } from "../events/rounds.server";
import type { DB } from "../platform/db.server";
import { entriesWithoutPhotoConsent } from "../registration/photo-consent.server";
import { csvDialect, type ExportColumn, type ExportRow, toCsv } from "../registration/roster/export.server";
import { toXlsxOffThread } from "../registration/roster/xlsx-off-thread.server";
import { citiesOf, clubsOf, entryFacts, performersOf, roundLabel } from "./section-facts.server";

export type ResultsExportFormat = "csv" | "xlsx";

export interface ResultsFile {
  body: Buffer;
  fileName: string;
  contentType: string;
}

const round2 = (value: string | null) => (value === null ? null : Math.round(Number(value) * 100) / 100);

/**
 * A round's results for the organisers, every section whether published or not: one row per entry
 * with place, award, the jury's special prizes ("; "-joined), total, percent and the whole names
 * of the performers. Null when the round is
 * not this event's.
 */
export async function exportRoundResults(
  db: DB,
  {
    eventId,
    roundId,
    locale,
    format,
  }: { eventId: number; roundId: number; locale: Locale; format: ResultsExportFormat },
): Promise<ResultsFile | null> {
  const round = await db
    .selectFrom("rounds as r")
    .innerJoin("events as e", "e.id", "r.event_id")
    .select(["r.id", "r.kind", "r.starts_on", "r.ends_on", "r.city", "e.slug"])
    .where("r.id", "=", roundId)
    .where("r.event_id", "=", eventId)
    .executeTakeFirst();
  if (!round) return null;
  const { t } = createI18n(locale);
  const rows = await db
    .selectFrom("results as x")
    .innerJoin("result_sections as s", "s.id", "x.section_id")
    .innerJoin("nominations as n", "n.id", "s.nomination_id")
    .leftJoin("age_groups as g", "g.id", "s.age_group_id")
    .select([
      "x.entry_id",
      "x.rank",
      "x.shared",
      "x.award",
      "x.total",
      "x.percent",
      "x.judge_count",
      "n.name_kk",
      "n.name_ru",
      "n.name_en",
      "g.min_age",
      "g.max_age",
    ])
    .where("x.round_id", "=", roundId)
    .orderBy("n.position")
    .orderBy("n.id")
    .orderBy("g.min_age")
    .orderBy(sql`x.rank asc nulls last`)
    .orderBy("x.entry_id")
    .execute();
  const entryIds = rows.map((r) => r.entry_id);
  const [facts, prizes, withoutConsent] = await Promise.all([
    entryFacts(db, entryIds),
    entryIds.length
      ? db
          .selectFrom("special_prizes")
          .select(["entry_id", "name_kk", "name_ru", "name_en"])
          .where("round_id", "=", roundId)
          .where(sql<boolean>`entry_id = any(${sql`${entryIds}::int[]`})`)
          .orderBy("id")
          .execute()
      : [],
    entriesWithoutPhotoConsent(db, entryIds),
  ]);
  // An entry's special prizes in the reader's language (another one when that name is blank).
  const prizesOf = new Map<number, string[]>();
  for (const p of prizes) prizesOf.set(p.entry_id, [...(prizesOf.get(p.entry_id) ?? []), localized(p, "name", locale)]);

  const columns: ExportColumn[] = [
    { key: "round", header: t("results.export.round") },
    { key: "nomination", header: t("results.export.nomination") },
    { key: "ageGroup", header: t("results.export.ageGroup") },
    { key: "place", header: t("results.export.place"), type: "number" },
    { key: "shared", header: t("results.export.shared") },
    { key: "award", header: t("results.export.award") },
    { key: "specialPrizes", header: t("results.export.specialPrizes") },
    { key: "total", header: t("results.export.total"), type: "number" },
    { key: "percent", header: t("results.export.percent"), type: "number" },
    { key: "judges", header: t("results.export.judges"), type: "number" },
    { key: "reference", header: t("results.export.reference") },
    { key: "title", header: t("results.export.title") },
    { key: "performers", header: t("results.export.performers") },
    { key: "club", header: t("results.export.club") },
    { key: "city", header: t("results.export.city") },
    { key: "photo", header: t("results.export.photo") },
  ];
  const roundName = roundLabel(round, locale);
  const table: ExportRow[] = rows.map((r) => {
    const entry = facts.get(r.entry_id);
    return {
      round: roundName,
      nomination: localized(r, "name", locale),
      ageGroup: r.min_age === null || r.max_age === null ? "" : t("event.ageRange", { min: r.min_age, max: r.max_age }),
      place: r.rank,
      shared: r.shared ? t("results.export.yes") : "",
      award: r.award ? t(`results.award.${r.award}`) : "",
      specialPrizes: (prizesOf.get(r.entry_id) ?? []).join("; "),
      total: round2(r.total),
      percent: round2(r.percent),
      judges: r.judge_count,
      reference: entry?.reference ?? "",
      title: entry?.title ?? "",
      performers: entry ? performersOf(entry, t("children.anonymous")) : "",
      club: entry ? clubsOf(entry).join(", ") : "",
      city: entry
        ? citiesOf(entry)
            .map((c) => t(`city.${c}`, { defaultValue: c }))
            .join(", ")
        : "",
      // Whether the entry may be filmed and its photos published: every performer must have consented.
      photo: withoutConsent.has(r.entry_id) ? t("results.export.noPhotoVideo") : t("results.export.yes"),
    };
  });
  const number = (await eventRounds(db, eventId)).findIndex((r) => r.id === round.id) + 1;
  const fileName = `${slugify(round.slug) || "event"}-results-${number}.${format}`;
  if (format === "csv") {
    return { body: toCsv(columns, table, csvDialect(locale)), fileName, contentType: "text/csv; charset=utf-8" };
  }
  return {
    body: await toXlsxOffThread(t("results.export.sheet"), columns, table),
    fileName,
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  };
}
