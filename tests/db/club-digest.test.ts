import { describe, expect, it } from "vitest";

import type { DB } from "~/.server/platform/db.server";
import { setNoticeWanted } from "~/.server/platform/email/notices.server";
import { renderEmail } from "~/.server/platform/email/templates.server";
import { queueClubDigests } from "~/.server/registration/club-digest.server";
import { submitEntry, type Submitter } from "~/.server/registration/submit-entry.server";

import { engines, useTestDb } from "../setup/db";
import { accepted, BASE_URL, entryOf, family, NOW, openEvent } from "./entry-fixtures";
import { insertUser } from "./factories";

// Almaty is UTC+5: 13:00 on 20 November is 08:00 UTC.
const at = (iso: string) => new Date(iso);
const DAY1_ENTRY = at("2026-11-20T08:00:00Z");
const DAY1_BEFORE_SIX = at("2026-11-20T12:59:00Z"); // 17:59 Almaty
const DAY1_EVENING = at("2026-11-20T13:30:00Z"); // 18:30 Almaty
const DAY1_LATE = at("2026-11-20T18:00:00Z"); // 23:00 Almaty
const DAY2_ENTRY = at("2026-11-21T09:00:00Z");
const DAY2_EVENING = at("2026-11-21T14:00:00Z");

let clubs = 0;

/** A club with three families in it (the first with two children), its leader (English) and a second leader (Kazakh). */
async function clubWithLeaders(db: DB) {
  const { id: clubId } = await db
    .insertInto("clubs")
    .values({ name: `Шабыт ${++clubs}`, city: "almaty" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const leader = await insertUser(db, { name: "Гүлнар" });
  const second = await insertUser(db, { name: "Ерлан" });
  await db.updateTable("users").set({ locale: "en" }).where("id", "=", leader.id).execute();
  await db.updateTable("users").set({ locale: "kk" }).where("id", "=", second.id).execute();
  for (const user of [leader, second])
    await db.insertInto("memberships").values({ user_id: user.id, role: "club_leader", club_id: clubId }).execute();
  const one = await family(db, { clubId, children: 2 });
  const two = await family(db, { clubId });
  const three = await family(db, { clubId });
  const asLeader: Submitter = { userId: leader.id, email: leader.email, role: "club_leader", clubId };
  return { clubId, leader, second, one, two, three, asLeader };
}

const mailTo = (db: DB, userId: number) =>
  db
    .selectFrom("outbox")
    .select(["template", "locale", "params"])
    .where("user_id", "=", userId)
    .orderBy("id")
    .execute();

const setUpdatedAt = (db: DB, entryIds: number[], when: Date) =>
  db.updateTable("entries").set({ updated_at: when }).where("id", "in", entryIds).execute();

describe.each(engines)("the club leaders' daily digest (%s)", (engine) => {
  const t = useTestDb(engine);

  it("replaces the leader's email per entry with one digest a day, in each leader's language; families still get their own", async () => {
    const ev = await openEvent(t.db);
    const c = await clubWithLeaders(t.db);
    const first = accepted(await submitEntry(t.db, c.asLeader, entryOf(ev, [c.one.childIds[0]!]), BASE_URL, NOW));
    const second = accepted(await submitEntry(t.db, c.asLeader, entryOf(ev, [c.two.childIds[0]!]), BASE_URL, NOW));
    // A family entering its own child gets its confirmation, and the entry belongs to the club.
    const own = accepted(
      await submitEntry(t.db, c.one.submitter, entryOf(ev, [c.one.childIds[1]!], { title: "Әлди" }), BASE_URL, NOW),
    );
    expect((await mailTo(t.db, c.one.submitter.userId)).map((m) => m.template)).toEqual(["entry_confirmed"]);
    expect(await mailTo(t.db, c.leader.id)).toEqual([]);
    await setUpdatedAt(t.db, [first.entryId, second.entryId, own.entryId], DAY1_ENTRY);

    // Not before six in the evening, Almaty time.
    expect(await queueClubDigests(t.db, { now: DAY1_BEFORE_SIX, baseUrl: BASE_URL })).toBe(0);
    expect(await queueClubDigests(t.db, { now: DAY1_EVENING, baseUrl: BASE_URL })).toBe(1);
    // Once a day, however often the loop runs.
    expect(await queueClubDigests(t.db, { now: DAY1_LATE, baseUrl: BASE_URL })).toBe(0);

    const [digest, ...more] = await mailTo(t.db, c.leader.id);
    expect(more).toEqual([]);
    expect(digest).toMatchObject({ template: "club_digest", locale: "en" });
    const params = digest!.params as unknown as {
      count: number;
      url: string;
      blocks: { heading: string; lines: string[] }[];
    };
    expect(params.count).toBe(3);
    expect(params.url).toBe(`${BASE_URL}/clubs/${c.clubId}`);
    expect(params.blocks).toHaveLength(1);
    expect(params.blocks[0]!.heading).toMatch(/^Shabyt \d+$/);
    expect(params.blocks[0]!.lines).toHaveLength(3);
    expect(params.blocks[0]!.lines.join("\n")).toContain(`${first.reference} · `);
    expect(params.blocks[0]!.lines.join("\n")).toContain(": Confirmed");
    const text = renderEmail("club_digest", "en", digest!.params).text;
    expect(text).toContain(own.reference);
    expect((await mailTo(t.db, c.second.id))[0]).toMatchObject({ template: "club_digest", locale: "kk" });
    expect(renderEmail("club_digest", "kk", (await mailTo(t.db, c.second.id))[0]!.params).text).toContain(": Расталды");

    // The next day lists only what changed since.
    const third = accepted(
      await submitEntry(t.db, c.asLeader, entryOf(ev, [c.three.childIds[0]!], { title: "Дударай" }), BASE_URL, NOW),
    );
    await setUpdatedAt(t.db, [third.entryId], DAY2_ENTRY);
    expect(await queueClubDigests(t.db, { now: DAY2_EVENING, baseUrl: BASE_URL })).toBe(1);
    const mails = await mailTo(t.db, c.leader.id);
    expect(mails).toHaveLength(2);
    const next = mails[1]!.params as unknown as { count: number; blocks: { lines: string[] }[] };
    expect(next.count).toBe(1);
    expect(next.blocks[0]!.lines[0]).toContain(third.reference);
    const rows = await t.db
      .selectFrom("club_digests")
      .select(["day", "entries"])
      .where("club_id", "=", c.clubId)
      .orderBy("day")
      .execute();
    expect(rows).toEqual([
      { day: "2026-11-20", entries: 3 },
      { day: "2026-11-21", entries: 1 },
    ]);
  });

  it("sends a club one digest when several instances run it at once", async () => {
    const ev = await openEvent(t.db);
    const c = await clubWithLeaders(t.db);
    const made = accepted(await submitEntry(t.db, c.asLeader, entryOf(ev, [c.one.childIds[0]!]), BASE_URL, NOW));
    await setUpdatedAt(t.db, [made.entryId], DAY1_ENTRY);
    const runs = await Promise.all(
      Array.from({ length: 4 }, () => queueClubDigests(t.db, { now: DAY1_EVENING, baseUrl: BASE_URL })),
    );
    expect(runs.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await mailTo(t.db, c.leader.id)).toHaveLength(1);
    expect(await mailTo(t.db, c.second.id)).toHaveLength(1);
  });

  it("leaves out a leader who turned the digest off, and clubs with nothing new", async () => {
    const ev = await openEvent(t.db);
    const c = await clubWithLeaders(t.db);
    const quiet = await clubWithLeaders(t.db);
    await setNoticeWanted(t.db, c.leader.id, "club_digest", false);
    const made = accepted(await submitEntry(t.db, c.asLeader, entryOf(ev, [c.one.childIds[0]!]), BASE_URL, NOW));
    await setUpdatedAt(t.db, [made.entryId], DAY1_ENTRY);
    await queueClubDigests(t.db, { now: DAY1_EVENING, baseUrl: BASE_URL });
    expect(await mailTo(t.db, c.leader.id)).toEqual([]);
    expect(await mailTo(t.db, c.second.id)).toHaveLength(1);
    expect(await mailTo(t.db, quiet.leader.id)).toEqual([]);
    expect(await t.db.selectFrom("club_digests").selectAll().where("club_id", "=", quiet.clubId).execute()).toEqual([]);
  });
});
