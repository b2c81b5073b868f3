import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import sharp from "sharp";
import { afterEach, describe, expect, it } from "vitest";

import { deleteOwnAccount } from "~/.server/accounts/delete-account.server";
import { exportMyData } from "~/.server/accounts/my-data.server";
import { hashPassword } from "~/.server/accounts/password.server";
import { createSession } from "~/.server/accounts/session.server";
import { setAccountPhone } from "~/.server/accounts/users.server";
import { audit } from "~/.server/platform/audit.server";
import { storeArtwork } from "~/.server/platform/uploads/artwork.server";
import { deleteChild } from "~/.server/registration/children.server";
import { submitEntry } from "~/.server/registration/submit-entry.server";

import { engines, useTestDb } from "../setup/db";
import { BASE_URL, entryOf, family, NOW, openEvent } from "./entry-fixtures";
import { grantRole } from "./factories";

/**
 * What a guardian's deletion must leave behind: nothing that names the child. Emails that name
 * them are scrubbed (or dropped before sending), entries with no named member left lose title,
 * video link and artwork (the file too), and the audit log keeps ids only.
 */
describe.each(engines)("deleting a child or an account on %s", (engine) => {
  const t = useTestDb(engine);
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  async function familyWithEntry() {
    const uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), "toi-erasure-"));
    dirs.push(uploadDir);
    const ev = await openEvent(t.db);
    const fam = await family(t.db);
    const [childId] = fam.childIds;
    const child = await t.db
      .selectFrom("participants")
      .select(["first_name", "last_name"])
      .where("id", "=", childId!)
      .executeTakeFirstOrThrow();
    const entered = await submitEntry(
      t.db,
      fam.submitter,
      entryOf(ev, [childId!], { title: "Dala song", videoUrl: "https://video.example.kz/dala" }),
      BASE_URL,
      NOW,
    );
    if (!entered.ok) throw new Error("entry refused");
    const png = await sharp({ create: { width: 400, height: 300, channels: 3, background: "#3a6" } })
      .png()
      .toBuffer();
    const stored = await storeArtwork(new Uint8Array(png), uploadDir);
    if (!stored.ok) throw new Error("artwork refused");
    await t.db.updateTable("entries").set({ artwork_file: stored.file }).where("id", "=", entered.entryId).execute();
    // The confirmation went out; a second email naming the child is still waiting to go.
    await t.db.updateTable("outbox").set({ status: "sent" }).where("user_id", "=", fam.submitter.userId).execute();
    await t.db
      .insertInto("outbox")
      .values({
        user_id: fam.submitter.userId,
        to_email: fam.submitter.email,
        locale: "en",
        template: "entry_promoted",
        params: JSON.stringify({ childNames: `${child.first_name} ${child.last_name}`, reference: entered.reference }),
      })
      .execute();
    const files = () =>
      fs
        .readdirSync(uploadDir, { recursive: true })
        .map(String)
        .filter((f) => fs.statSync(path.join(uploadDir, f)).isFile());
    return { uploadDir, fam, childId: childId!, child, entryId: entered.entryId, reference: entered.reference, files };
  }

  const outboxOf = (userId: number) =>
    t.db.selectFrom("outbox").select(["status", "to_email", "params"]).where("user_id", "=", userId).execute();

  it("deleting a child scrubs emails naming them, the entry's title, video and artwork, and keeps ids only", async () => {
    const { uploadDir, fam, childId, child, entryId, reference, files } = await familyWithEntry();
    // An unrelated family's email stays as it was.
    const other = await family(t.db);
    await t.db
      .insertInto("outbox")
      .values({
        user_id: other.submitter.userId,
        to_email: other.submitter.email,
        locale: "en",
        template: "verify_email",
        params: JSON.stringify({ name: "Other", url: "https://toi.example.kz/v" }),
      })
      .execute();
    expect(files().length).toBeGreaterThan(0);

    expect(await deleteChild(t.db, { guardianId: fam.submitter.userId }, childId, BASE_URL, uploadDir)).toBe(
      "anonymised",
    );

    const emails = await outboxOf(fam.submitter.userId);
    expect(emails.length).toBeGreaterThan(0);
    expect(emails.every((e) => e.status !== "pending")).toBe(true);
    const stored = JSON.stringify(emails);
    expect(stored).not.toContain(child.first_name);
    expect(stored).not.toContain(reference);
    expect((await outboxOf(other.submitter.userId))[0]!.params).toEqual({
      name: "Other",
      url: "https://toi.example.kz/v",
    });
    const entry = await t.db
      .selectFrom("entries")
      .select(["title", "video_url", "artwork_file", "status"])
      .where("id", "=", entryId)
      .executeTakeFirstOrThrow();
    expect(entry).toEqual({ title: "", video_url: null, artwork_file: null, status: "withdrawn" });
    expect(files()).toEqual([]);
    const log = JSON.stringify(await t.db.selectFrom("audit_log").selectAll().execute());
    expect(log).not.toContain(child.first_name);
    expect(log).not.toContain(child.last_name);
  });

  it("the export carries the entry's video link and artwork, and a deleted account takes every trace", async () => {
    const { uploadDir, fam, child, entryId, files } = await familyWithEntry();
    const userId = fam.submitter.userId;
    await setAccountPhone(t.db, userId, "+77012345678");
    const exported = await exportMyData(t.db, userId);
    expect(exported.account.phone).toBe("+77012345678");
    const [exportedEntry] = exported.children[0]!.entries;
    expect(exportedEntry).toMatchObject({
      title: "Dala song",
      video_url: "https://video.example.kz/dala",
      artwork: expect.stringMatching(/^\/entries\/.+\/artwork$/),
    });

    await t.db
      .updateTable("users")
      .set({ password_hash: await hashPassword("a long family passphrase") })
      .where("id", "=", userId)
      .execute();
    await createSession(t.db, userId);
    // Something the family did, logged under its address.
    await audit(
      t.db,
      { id: userId, email: fam.submitter.email },
      {
        action: "entry.update",
        entityType: "entry",
        entityId: entryId,
      },
    );
    const options = { baseUrl: BASE_URL, uploads: uploadDir };
    expect(await deleteOwnAccount(t.db, userId, "not the passphrase", options)).toBe("wrong_password");
    expect(files().length).toBeGreaterThan(0);

    expect(await deleteOwnAccount(t.db, userId, "a long family passphrase", options)).toBe("deleted");
    const user = await t.db.selectFrom("users").selectAll().where("id", "=", userId).executeTakeFirstOrThrow();
    expect(user).toMatchObject({
      name: "",
      phone: null,
      password_hash: null,
      email: `deleted-${userId}@deleted.invalid`,
    });
    expect(await t.db.selectFrom("sessions").select("id").where("user_id", "=", userId).execute()).toEqual([]);
    expect(await t.db.selectFrom("participants").select("id").where("guardian_user_id", "=", userId).execute()).toEqual(
      [],
    );
    const emails = JSON.stringify(await outboxOf(userId));
    expect(emails).not.toContain(fam.submitter.email);
    expect(emails).not.toContain(child.first_name);
    const entry = await t.db
      .selectFrom("entries")
      .select(["title", "video_url"])
      .where("id", "=", entryId)
      .executeTakeFirstOrThrow();
    expect(entry).toEqual({ title: "", video_url: null });
    expect(files()).toEqual([]);
    const log = JSON.stringify(await t.db.selectFrom("audit_log").selectAll().execute());
    expect(log).not.toContain(fam.submitter.email);
    expect(log).not.toContain(child.first_name);
  });

  it("refuses staff: a judge's account keeps its name for the scores it gave", async () => {
    const { fam } = await familyWithEntry();
    const userId = fam.submitter.userId;
    await t.db
      .updateTable("users")
      .set({ password_hash: await hashPassword("a long judge passphrase") })
      .where("id", "=", userId)
      .execute();
    await grantRole(t.db, userId, "judge");
    expect(await deleteOwnAccount(t.db, userId, "a long judge passphrase", { baseUrl: null, uploads: null })).toBe(
      "staff",
    );
    const user = await t.db.selectFrom("users").select("email").where("id", "=", userId).executeTakeFirstOrThrow();
    expect(user.email).toBe(fam.submitter.email);
  });
});
