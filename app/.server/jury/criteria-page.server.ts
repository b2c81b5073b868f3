import { sql } from "kysely";

import { type Locale, localized } from "~/domain/locale";

import type { DB } from "../platform/db.server";
import { type JuryEvent, juryEvent } from "./event-outline.server";
import { lockedSectionsView, type LockedSectionView } from "./frozen-sections.server";
import { standardCriteria } from "./standard-criteria.server";

export interface CriterionView {
  id: number;
  nameKk: string;
  nameRu: string;
  nameEn: string;
  /** The name in the reader's language, or the first other language that has one. */
  name: string;
  maxScore: string;
  weight: string;
  scores: number;
}

export interface NominationCriteria {
  id: number;
  name: string;
  discipline: string;
  criteria: CriterionView[];
}

export async function listCriteria(db: DB, eventId: number, locale: Locale): Promise<NominationCriteria[]> {
  const nominations = await db
    .selectFrom("nominations")
    .select(["id", "name_kk", "name_ru", "name_en", "discipline"])
    .where("event_id", "=", eventId)
    .orderBy("position")
    .orderBy("id")
    .execute();
  const criteria = await db
    .selectFrom("criteria")
    .innerJoin("nominations", "nominations.id", "criteria.nomination_id")
    .leftJoin(
      (eb) =>
        eb
          .selectFrom("scores")
          .select(["criterion_id", sql<string>`count(*)`.as("n")])
          .groupBy("criterion_id")
          .as("s"),
      (join) => join.onRef("s.criterion_id", "=", "criteria.id"),
    )
    .select([
      "criteria.id",
      "criteria.nomination_id",
      "criteria.name_kk",
      "criteria.name_ru",
      "criteria.name_en",
      "criteria.max_score",
      "criteria.weight",
      "s.n",
    ])
    .where("nominations.event_id", "=", eventId)
    .orderBy("criteria.position")
    .orderBy("criteria.id")
    .execute();
  return nominations.map((n) => ({
    id: n.id,
    name: localized(n, "name", locale),
    discipline: n.discipline,
    criteria: criteria
      .filter((c) => c.nomination_id === n.id)
      .map((c) => ({
        id: c.id,
        nameKk: c.name_kk,
        nameRu: c.name_ru,
        nameEn: c.name_en,
        name: localized(c, "name", locale),
        maxScore: String(Number(c.max_score)),
        weight: String(Number(c.weight)),
        scores: Number(c.n ?? 0),
      })),
  }));
}

export interface NominationItem extends NominationCriteria {
  /** The standard criteria's names for this nomination's discipline, in the reader's language. */
  standard: string[];
}

/** The criteria page: every nomination's criteria, with the names of the standard ones it could take. */
export async function loadCriteriaPage(
  db: DB,
  eventId: number,
  locale: Locale,
): Promise<{ event: JuryEvent; locked: LockedSectionView[]; nominations: NominationItem[] }> {
  const [event, nominations, locked] = await Promise.all([
    juryEvent(db, eventId, locale),
    listCriteria(db, eventId, locale),
    lockedSectionsView(db, eventId, locale),
  ]);
  return {
    event,
    locked,
    nominations: nominations.map((n) => ({
      ...n,
      standard: standardCriteria(n.discipline).map((c) =>
        localized({ name_kk: c.nameKk, name_ru: c.nameRu, name_en: c.nameEn }, "name", locale),
      ),
    })),
  };
}
