import { sql } from "kysely";

import { type Locale, localized } from "~/domain/locale";
import { parseId } from "~/forms/ids";

import { roundScope, sectionsWithoutJudge } from "../judging/eligible-judges.server";
import type { DB } from "../platform/db.server";
import { eventOutline, juryEvent } from "./event-outline.server";
import { lockedSectionsView } from "./frozen-sections.server";
import type { Panel } from "./panels.server";

/** Every panel of the event with its judges, chair first, in round and nomination order. */
export async function listPanels(db: DB, eventId: number): Promise<Panel[]> {
  const rows = await db
    .selectFrom("jury_assignments as a")
    .innerJoin("rounds", "rounds.id", "a.round_id")
    .innerJoin("nominations", "nominations.id", "a.nomination_id")
    .leftJoin("age_groups", "age_groups.id", "a.age_group_id")
    .innerJoin("users", "users.id", "a.user_id")
    .select([
      "a.id",
      "a.round_id",
      "a.nomination_id",
      "a.age_group_id",
      "a.user_id",
      "a.is_chair",
      "users.name",
      "users.email",
    ])
    .where("rounds.event_id", "=", eventId)
    .orderBy("rounds.position")
    .orderBy("rounds.id")
    .orderBy("nominations.position")
    .orderBy("nominations.id")
    .orderBy(sql`age_groups.min_age nulls first`)
    .orderBy("a.is_chair", "desc")
    .orderBy("users.name")
    .orderBy("a.id")
    .execute();
  const panels: Panel[] = [];
  for (const r of rows) {
    let panel = panels.at(-1);
    if (
      !panel ||
      panel.roundId !== r.round_id ||
      panel.nominationId !== r.nomination_id ||
      panel.ageGroupId !== r.age_group_id
    ) {
      panel = { roundId: r.round_id, nominationId: r.nomination_id, ageGroupId: r.age_group_id, judges: [] };
      panels.push(panel);
    }
    panel.judges.push({ assignmentId: r.id, userId: r.user_id, name: r.name, email: r.email, isChair: r.is_chair });
  }
  return panels;
}

export interface RoundView {
  id: number;
  /** 1 for the event's first round, and so on. */
  number: number;
  kind: string;
  city: string | null;
  startsOn: string | null;
  endsOn: string | null;
  blind: boolean;
}

export interface PanelsPage {
  rounds: RoundView[];
  nominations: { id: number; name: string }[];
  ageGroups: { id: number; minAge: number; maxAge: number }[];
  panels: Panel[];
}

export async function loadPanelsPage(db: DB, eventId: number, locale: Locale): Promise<PanelsPage> {
  const [{ rounds, nominations, ageGroups }, panels] = await Promise.all([
    eventOutline(db, eventId),
    listPanels(db, eventId),
  ]);
  return {
    rounds: rounds.map((r, i) => ({
      id: r.id,
      number: i + 1,
      kind: r.kind,
      city: r.city,
      startsOn: r.starts_on,
      endsOn: r.ends_on,
      blind: r.blind,
    })),
    nominations: nominations.map((n) => ({ id: n.id, name: localized(n, "name", locale) })),
    ageGroups: ageGroups.map((g) => ({ id: g.id, minAge: g.min_age, maxAge: g.max_age })),
    panels,
  };
}

/**
 * The panels page for one round: `round` is the `?round=` asked for (the event's first round when
 * null). null when the event has no such round.
 */
export async function loadRoundPanelsPage(db: DB, eventId: number, locale: Locale, asked: string | null) {
  const [event, page, locked] = await Promise.all([
    juryEvent(db, eventId, locale),
    loadPanelsPage(db, eventId, locale),
    lockedSectionsView(db, eventId, locale),
  ]);
  const round = asked === null ? page.rounds[0] : page.rounds.find((r) => r.id === parseId(asked));
  if (asked !== null && !round) return null;
  return {
    event,
    ...page,
    withoutJudge: round ? sectionsWithoutJudge(await roundScope(db, round.id)) : [],
    roundId: round?.id ?? null,
    panels: page.panels.filter((p) => p.roundId === round?.id),
    locked: locked.filter((l) => l.roundId === round?.id),
  };
}
