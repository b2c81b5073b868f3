import type { Kysely } from "kysely";

// Frozen: never edit after it lands; add a new migration instead.
// An optional phone number on an account, for the organisers to reach a family on the day of an
// event ("+77012345678", app/domain/phone.ts). Never public; erased with the account.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").addColumn("phone", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").dropColumn("phone").execute();
}
