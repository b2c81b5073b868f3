import crypto from "node:crypto";

import type { DB } from "./db.server";

/**
 * A random secret kept in `app_settings` under `key`, made on first use: every instance reads the
 * same one (the first to insert it wins).
 */
export async function storedSecret(db: DB, key: string): Promise<string> {
  await db
    .insertInto("app_settings")
    .values({ key, value: crypto.randomBytes(32).toString("base64url") })
    .onConflict((oc) => oc.column("key").doNothing())
    .execute();
  const row = await db.selectFrom("app_settings").select("value").where("key", "=", key).executeTakeFirstOrThrow();
  return row.value;
}
