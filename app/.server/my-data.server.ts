import type { DB } from "./db.server";

/**
 * Everything Toi holds about one account, for the guardian's right to a copy of their data.
 * Later tables (children, consents, entries) add their rows here.
 */
export async function exportMyData(db: DB, userId: number) {
  const [user, memberships, sessions, emails] = await Promise.all([
    db
      .selectFrom("users")
      .select(["id", "email", "name", "locale", "created_at", "email_verified_at", "password_changed_at"])
      .where("id", "=", userId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("memberships")
      .leftJoin("events", "events.id", "memberships.event_id")
      .leftJoin("clubs", "clubs.id", "memberships.club_id")
      .select(["memberships.role", "memberships.created_at", "events.slug as event", "clubs.name as club"])
      .where("memberships.user_id", "=", userId)
      .execute(),
    db.selectFrom("sessions").select(["created_at", "last_seen_at", "expires_at"]).where("user_id", "=", userId).execute(),
    db.selectFrom("outbox").select(["template", "created_at", "sent_at", "status"]).where("user_id", "=", userId).execute(),
  ]);
  return { exportedAt: new Date().toISOString(), account: user, roles: memberships, sessions, emails };
}
