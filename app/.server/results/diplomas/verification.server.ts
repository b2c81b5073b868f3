import { sql } from "kysely";

import type { Award } from "#db/types";
import { type Locale, localized, localizedLang } from "~/domain/locale";

import type { DB } from "../../platform/db.server";
import { publicName } from "../../schedule/public-names.server";
import { clubsOf, entryFacts } from "../section-facts.server";

/*
 * A diploma's public verification page (/verify/:code), which its QR code opens: a school or a
 * parent checks that the diploma is real. It shows only what the public results show of it (the
 * event, the award, the child's name as the guardian consented, the club) and only while the
 * section is published on a published event; anything else reads as an unknown code.
 */

/** What a diploma code looks like: 32 hex digits (a random UUID without dashes). */
export const DIPLOMA_CODE = /^[0-9a-f]{32}$/;

export interface DiplomaVerification {
  event: { title: string; lang: Locale };
  /** The award of the results, or the special prize's name. */
  prize: { award: Award } | { specialPrize: string; lang: Locale };
  /** Names as consented; null for a child whose data was deleted. */
  performers: (string | null)[];
  ensemble: boolean;
  clubs: string[];
}

/**
 * Gives a code to every diploma of a section as it is published (its awards and its special
 * prizes); diplomas that have one keep it, so a section published again prints the same codes.
 */
export async function issueDiplomaCodes(tx: DB, sectionId: number): Promise<void> {
  await sql`
    insert into diploma_codes (round_id, entry_id)
    select round_id, entry_id from results where section_id = ${sectionId} and award is not null
    on conflict do nothing`.execute(tx);
  await sql`
    insert into diploma_codes (round_id, entry_id, special_prize_id)
    select sp.round_id, sp.entry_id, sp.id
    from result_sections s
    join special_prizes sp on sp.round_id = s.round_id
    join entries e on e.id = sp.entry_id and e.nomination_id = s.nomination_id
      and coalesce(e.age_group_id, 0) = coalesce(s.age_group_id, 0)
    where s.id = ${sectionId}
    on conflict do nothing`.execute(tx);
}

/** The code of each diploma these entries have in these rounds: `round:entry` for an award, `prize:id` for a special prize. */
export async function diplomaCodes(
  db: DB,
  entryIds: readonly number[],
  roundIds: readonly number[],
): Promise<Map<string, string>> {
  if (!entryIds.length || !roundIds.length) return new Map();
  const rows = await db
    .selectFrom("diploma_codes")
    .select(["code", "round_id", "entry_id", "special_prize_id"])
    .where("entry_id", "in", [...entryIds])
    .where("round_id", "in", [...roundIds])
    .execute();
  return new Map(
    rows.map((r) => [
      r.special_prize_id === null ? `${r.round_id}:${r.entry_id}` : `prize:${r.special_prize_id}`,
      r.code,
    ]),
  );
}

/** The diploma this code names, as its verification page shows it; null for an unknown or unpublished one. */
export async function verifyDiploma(db: DB, code: string, locale: Locale): Promise<DiplomaVerification | null> {
  if (!DIPLOMA_CODE.test(code)) return null;
  const found = await db
    .selectFrom("diploma_codes as d")
    .innerJoin("entries as e", "e.id", "d.entry_id")
    .innerJoin("events as ev", "ev.id", "e.event_id")
    .innerJoin("result_sections as s", (join) =>
      join
        .onRef("s.round_id", "=", "d.round_id")
        .onRef("s.nomination_id", "=", "e.nomination_id")
        .on(sql<boolean>`coalesce(s.age_group_id, 0) = coalesce(e.age_group_id, 0)`),
    )
    .leftJoin("results as r", (join) => join.onRef("r.section_id", "=", "s.id").onRef("r.entry_id", "=", "d.entry_id"))
    .leftJoin("grand_prix as gp", (join) =>
      join
        .onRef("gp.round_id", "=", "d.round_id")
        .onRef("gp.entry_id", "=", "d.entry_id")
        .on("r.award", "in", ["laureate_1", "grand_prix"]),
    )
    .leftJoin("special_prizes as sp", "sp.id", "d.special_prize_id")
    .select([
      "d.entry_id",
      "d.special_prize_id",
      "ev.title_kk",
      "ev.title_ru",
      "ev.title_en",
      "r.award",
      "gp.id as grand_prix_id",
      "sp.name_kk",
      "sp.name_ru",
      "sp.name_en",
    ])
    .where("d.code", "=", code)
    .where("ev.status", "=", "published")
    .where("s.published_at", "is not", null)
    .executeTakeFirst();
  if (!found) return null;
  let prize: DiplomaVerification["prize"];
  if (found.special_prize_id !== null) {
    const names = { name_kk: found.name_kk ?? "", name_ru: found.name_ru ?? "", name_en: found.name_en ?? "" };
    prize = { specialPrize: localized(names, "name", locale), lang: localizedLang(names, "name", locale) };
  } else if (found.award) {
    prize = { award: found.grand_prix_id !== null ? "grand_prix" : found.award };
  } else {
    return null;
  }
  const entry = (await entryFacts(db, [found.entry_id])).get(found.entry_id);
  if (!entry) return null;
  const titles = { title_kk: found.title_kk, title_ru: found.title_ru, title_en: found.title_en };
  return {
    event: { title: localized(titles, "title", locale), lang: localizedLang(titles, "title", locale) },
    prize,
    performers: entry.members.map((m) =>
      publicName({
        first_name: m.firstName,
        last_name: m.lastName,
        public_name: m.publicName,
        anonymised_at: m.anonymisedAt,
      }),
    ),
    ensemble: entry.format === "ensemble",
    clubs: clubsOf(entry),
  };
}
