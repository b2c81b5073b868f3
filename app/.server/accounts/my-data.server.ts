import type { DB } from "../platform/db.server";
import { CHILD_COLUMNS } from "../registration/children.server";

/**
 * Everything Toi holds about one account, for the guardian's right to a copy of their data.
 * Every table that holds personal data adds its rows here.
 */
export async function exportMyData(db: DB, userId: number) {
  const [user, memberships, sessions, emails] = await Promise.all([
    db
      .selectFrom("users")
      .select(["id", "email", "name", "phone", "locale", "created_at", "email_verified_at", "password_changed_at"])
      .where("id", "=", userId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("memberships")
      .leftJoin("events", "events.id", "memberships.event_id")
      .leftJoin("clubs", "clubs.id", "memberships.club_id")
      .select(["memberships.role", "memberships.created_at", "events.slug as event", "clubs.name as club"])
      .where("memberships.user_id", "=", userId)
      .execute(),
    db
      .selectFrom("sessions")
      .select(["created_at", "last_seen_at", "expires_at"])
      .where("user_id", "=", userId)
      .execute(),
    db
      .selectFrom("outbox")
      .select(["template", "created_at", "sent_at", "status"])
      .where("user_id", "=", userId)
      .execute(),
  ]);
  const children = await db
    .selectFrom("participants")
    .leftJoin("clubs", "clubs.id", "participants.club_id")
    .select([...CHILD_COLUMNS, "participants.created_at"])
    .where("guardian_user_id", "=", userId)
    .execute();
  const ids = children.map((c) => c.id);
  const [consents, entries, preferences, enrolments] = ids.length
    ? await Promise.all([
        db
          .selectFrom("consents")
          .innerJoin("consent_texts", "consent_texts.id", "consents.text_id")
          .select(["participant_id", "consents.kind", "consent_texts.version", "given_at", "withdrawn_at"])
          .where("participant_id", "in", ids)
          .execute(),
        db
          .selectFrom("entry_members")
          .innerJoin("entries", "entries.id", "entry_members.entry_id")
          .innerJoin("events", "events.id", "entries.event_id")
          .innerJoin("nominations", "nominations.id", "entries.nomination_id")
          .select([
            "entry_members.participant_id",
            "entries.id",
            "entries.reference",
            "events.slug as event",
            "nominations.name_en as nomination",
            "entries.format",
            "entries.title",
            "entries.duration_seconds",
            "entries.video_url",
            "entries.artwork_file",
            "entries.status",
            "entries.status_reason",
            "entries.created_at",
          ])
          .where("entry_members.participant_id", "in", ids)
          .execute(),
        db
          .selectFrom("master_class_preferences")
          .innerJoin("master_classes", "master_classes.id", "master_class_preferences.master_class_id")
          .select(["participant_id", "master_classes.title_en as masterClass", "rank"])
          .where("participant_id", "in", ids)
          .execute(),
        db
          .selectFrom("master_class_enrolments")
          .innerJoin("master_classes", "master_classes.id", "master_class_enrolments.master_class_id")
          .select(["participant_id", "master_classes.title_en as masterClass", "via_rank", "created_at"])
          .where("participant_id", "in", ids)
          .execute(),
      ])
    : [[], [], [], []];
  // Published results only: what the family has been told, as the public results page shows it.
  const results = entries.length
    ? await db
        .selectFrom("results")
        .innerJoin("result_sections", "result_sections.id", "results.section_id")
        .innerJoin("rounds", "rounds.id", "results.round_id")
        .select(["results.entry_id", "rounds.kind as round", "results.rank", "results.award", "results.percent"])
        .where(
          "results.entry_id",
          "in",
          entries.map((e) => e.id),
        )
        .where("result_sections.published_at", "is not", null)
        .execute()
    : [];
  return {
    exportedAt: new Date().toISOString(),
    account: user,
    roles: memberships,
    sessions,
    emails,
    children: children.map((c) => ({
      ...c,
      consents: consents.filter((k) => k.participant_id === c.id),
      entries: entries
        .filter((e) => e.participant_id === c.id)
        .map(({ id, artwork_file, ...e }) => ({
          ...e,
          // The artwork itself, at the address its family may open.
          artwork: artwork_file ? `/entries/${e.reference}/artwork` : null,
          results: results.filter((r) => r.entry_id === id).map(({ entry_id: _, ...r }) => r),
        })),
      masterClassChoices: preferences.filter((p) => p.participant_id === c.id),
      masterClasses: enrolments.filter((p) => p.participant_id === c.id),
    })),
  };
}
