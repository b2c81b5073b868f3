import { type RawBuilder, sql } from "kysely";

import type { DB } from "./db.server";

/**
 * Where each kind of audited object is looked up, and how its page is found: `event_id` and `ref`
 * (an owning id: the user of a membership, the club of a child, the round of a schedule) come back
 * with the id, or the object has no row any more and no link. Kinds left out (`score`) have no page.
 */
const LOOKUPS: Record<string, (ids: RawBuilder<unknown>) => RawBuilder<unknown>> = {
  event: (ids) => sql`select id, id as event_id, null::int as ref from events where id in (${ids})`,
  user: (ids) => sql`select id, null::int, null::int from users where id in (${ids})`,
  membership: (ids) => sql`select id, null::int, user_id from memberships where id in (${ids})`,
  club: (ids) => sql`select id, null::int, null::int from clubs where id in (${ids})`,
  participant: (ids) => sql`select id, null::int, club_id from participants where id in (${ids})`,
  entry: (ids) => sql`select id, event_id, null::int from entries where id in (${ids})`,
  nomination: (ids) => sql`select id, event_id, null::int from nominations where id in (${ids})`,
  round: (ids) => sql`select id, event_id, id from rounds where id in (${ids})`,
  criterion: (ids) =>
    sql`select c.id, n.event_id, null::int from criteria c join nominations n on n.id = c.nomination_id where c.id in (${ids})`,
  jury_assignment: (ids) =>
    sql`select j.id, r.event_id, r.id from jury_assignments j join rounds r on r.id = j.round_id where j.id in (${ids})`,
  judge_conflict: (ids) => sql`select id, event_id, null::int from judge_conflicts where id in (${ids})`,
  result_section: (ids) =>
    sql`select s.id, r.event_id, null::int from result_sections s join rounds r on r.id = s.round_id where s.id in (${ids})`,
  special_prize: (ids) =>
    sql`select p.id, r.event_id, null::int from special_prizes p join rounds r on r.id = p.round_id where p.id in (${ids})`,
  stage: (ids) =>
    sql`select s.id, r.event_id, r.id from stages s join rounds r on r.id = s.round_id where s.id in (${ids})`,
  stage_window: (ids) =>
    sql`select w.id, r.event_id, r.id from stage_windows w join stages s on s.id = w.stage_id join rounds r on r.id = s.round_id where w.id in (${ids})`,
  schedule_version: (ids) =>
    sql`select v.id, r.event_id, r.id from schedule_versions v join rounds r on r.id = v.round_id where v.id in (${ids})`,
};

/** The page an admin opens for an object that still exists, or null where it has none. */
function pageOf(type: string, id: number, eventId: number | null, ref: number | null): string | null {
  const event = `/organiser/events/${eventId}`;
  switch (type) {
    case "event":
      return event;
    case "user":
      return `/admin/users/${id}`;
    case "membership":
      return `/admin/users/${ref}`;
    case "club":
      return `/clubs/${id}`;
    case "participant":
      // A family's own child has no page for anyone else; a club's child is on the club's pages.
      return ref === null ? null : `/clubs/${ref}/children/${id}`;
    case "entry":
      return `${event}/entries/${id}`;
    case "nomination":
    case "criterion":
      return `${event}/jury`;
    case "round":
    case "jury_assignment":
      return `${event}/jury/panels?round=${ref}`;
    case "judge_conflict":
      return `${event}/jury/conflicts`;
    case "result_section":
      return `${event}/results/${id}`;
    case "special_prize":
      return `${event}/results`;
    case "stage":
    case "stage_window":
    case "schedule_version":
      return `${event}/schedule?round=${ref}`;
    default:
      return null;
  }
}

const linkKey = (type: string, id: string) => `${type}:${id}`;

/**
 * Links to the objects named by a page of the audit log, keyed `type:id`, for those that still
 * exist and have a page. One query for the whole page: a lookup per kind of object, joined by
 * UNION ALL.
 */
export async function auditObjectLinks(
  db: DB,
  rows: readonly { entity_type: string; entity_id: string | null }[],
): Promise<Record<string, string>> {
  const idsByType = new Map<string, Set<number>>();
  for (const { entity_type, entity_id } of rows) {
    if (!LOOKUPS[entity_type] || !entity_id || !/^\d{1,9}$/.test(entity_id)) continue;
    idsByType.set(entity_type, (idsByType.get(entity_type) ?? new Set()).add(Number(entity_id)));
  }
  if (idsByType.size === 0) return {};
  const parts = [...idsByType].map(
    ([type, ids]) =>
      sql`select ${type}::text as type, x.* from (${LOOKUPS[type]!(sql.join([...ids]))}) as x(id, event_id, ref)`,
  );
  const { rows: found } = await sql<{
    type: string;
    id: number;
    event_id: number | null;
    ref: number | null;
  }>`${sql.join(parts, sql` union all `)}`.execute(db);
  const links: Record<string, string> = {};
  for (const r of found) {
    const href = pageOf(r.type, r.id, r.event_id, r.ref);
    if (href) links[linkKey(r.type, String(r.id))] = href;
  }
  return links;
}
