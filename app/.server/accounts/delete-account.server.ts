import { sql } from "kysely";

import { audit } from "../platform/audit.server";
import type { DB } from "../platform/db.server";
import type { Uploads } from "../platform/uploads/store.server";
import { deleteChildIn, removeArtworkFiles } from "../registration/children.server";
import { verifyPassword } from "./password.server";

export type DeleteAccountOutcome = "deleted" | "wrong_password" | "staff";

/**
 * A family deletes its own account. Every child of the account is deleted as deleteChild does
 * (removed, or anonymised where results need them, with their emails scrubbed and artwork removed);
 * then the account loses its name, email and password, its sessions, tokens and roles, and the
 * emails sent to it are scrubbed. The row itself stays, nameless, so the entries it submitted keep a
 * submitter id. Staff (judges, organisers, admins) are refused: their scores and decisions must keep
 * an accountable name, so an admin handles them.
 */
export async function deleteOwnAccount(
  db: DB,
  userId: number,
  password: string,
  options: { baseUrl: string | null; uploads: Uploads | null },
): Promise<DeleteAccountOutcome> {
  const user = await db.selectFrom("users").select("password_hash").where("id", "=", userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, password))) return "wrong_password";
  const staff = await db
    .selectFrom("memberships")
    .select("id")
    .where("user_id", "=", userId)
    .where("role", "in", ["admin", "organiser", "judge"])
    .executeTakeFirst();
  if (staff) return "staff";

  const artworkFiles = await db.transaction().execute(async (tx) => {
    const owner = { guardianId: userId };
    const children = await tx
      .selectFrom("participants")
      .select("id")
      .where("guardian_user_id", "=", userId)
      .where("anonymised_at", "is", null)
      .orderBy("id")
      .execute();
    const files: string[] = [];
    for (const child of children)
      files.push(...(await deleteChildIn(tx, owner, child.id, options.baseUrl)).artworkFiles);
    await tx.deleteFrom("outbox").where("user_id", "=", userId).where("status", "=", "pending").execute();
    await tx
      .updateTable("outbox")
      .set({ to_email: "", params: JSON.stringify({ scrubbed: true }) })
      .where("user_id", "=", userId)
      .execute();
    await tx.deleteFrom("sessions").where("user_id", "=", userId).execute();
    await tx.deleteFrom("account_tokens").where("user_id", "=", userId).execute();
    await tx.deleteFrom("calendar_feeds").where("user_id", "=", userId).execute();
    await tx.deleteFrom("memberships").where("user_id", "=", userId).execute();
    // The log keeps what this account did, by id: its address goes with the account.
    await tx.updateTable("audit_log").set({ actor_email: null }).where("actor_user_id", "=", userId).execute();
    await tx
      .updateTable("users")
      .set({
        email: `deleted-${userId}@deleted.invalid`,
        name: "",
        phone: null,
        password_hash: null,
        email_verified_at: null,
        password_changed_at: sql`now()`,
      })
      .where("id", "=", userId)
      .execute();
    await audit(tx, null, {
      action: "account.delete",
      entityType: "user",
      entityId: userId,
      after: { children: children.map((c) => c.id) },
    });
    return files;
  });
  if (options.uploads) await removeArtworkFiles(options.uploads, artworkFiles);
  return "deleted";
}
