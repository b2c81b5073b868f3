import crypto from "node:crypto";

import { describe, expect, it } from "vitest";

import { ensureConsentTexts } from "#db/seed/consent-texts";
import { listAudit } from "~/.server/platform/audit.server";
import type { DB } from "~/.server/platform/db.server";
import type { ArtworkEntryResult } from "~/.server/registration/artwork-entry.server";
import { addChild } from "~/.server/registration/children.server";
import { type ClubBatch, submitClubEntries } from "~/.server/registration/club-batch.server";
import { addClubChild } from "~/.server/registration/club-children.server";
import { updateEntry } from "~/.server/registration/edit-entry.server";
import { listFamilyEntries } from "~/.server/registration/family-entries.server";
import { submitEntry, type Submitter } from "~/.server/registration/submit-entry.server";
import { waitlistPosition } from "~/.server/registration/waitlist.server";
import { withdrawEntry } from "~/.server/registration/withdraw-entry.server";

import { engines, useTestDb } from "../setup/db";
import { AFTER_CLOSE, BASE_URL, NOW, openEvent } from "./entry-fixtures";
import { asActor, childData, insertUser } from "./factories";

/** A published event taking entries at NOW, with a video vocal nomination (solo, trio, ensemble; at most 4 minutes). */
const openVideoEvent = (db: DB, capacity?: number) =>
  openEvent(db, {
    capacity,
    nomination: { entryKind: "video", formats: { solo: [1, 1], trio: [3, 3], ensemble: [2, 10] } },
  });

let clubs = 0;

/** A club, its leader, and its own children (no family account; the leader attested each consent). */
async function club(db: DB, births: string[]) {
  await ensureConsentTexts(db);
  const { id: clubId } = await db
    .insertInto("clubs")
    .values({ name: `Жұлдыз ${++clubs}`, city: "almaty" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const leader = await insertUser(db);
  await db.insertInto("memberships").values({ user_id: leader.id, role: "club_leader", club_id: clubId }).execute();
  const childIds: number[] = [];
  for (const [i, birthDate] of births.entries()) {
    const added = await addClubChild(db, { clubId }, asActor(leader.id), {
      lastName: "Серікова",
      firstName: `Әйгерім${clubs}-${i}`,
      patronymic: "",
      birthDate,
      city: "almaty",
      clubId,
      publicName: "initial",
    });
    if (!("id" in added)) throw new Error("The club child was not added.");
    childIds.push(added.id);
  }
  const submitter: Extract<Submitter, { role: "club_leader" }> = {
    userId: leader.id,
    email: leader.email,
    role: "club_leader",
    clubId,
  };
  return { clubId, submitter, childIds };
}

const piece = (title: string, durationSeconds: number | null = 180) => ({
  title,
  durationSeconds,
  videoUrl: `https://video.example.kz/${encodeURIComponent(title)}`,
});

function batchOf(
  ev: { eventId: number; nominationId: number },
  fields: Partial<ClubBatch> & Pick<ClubBatch, "entries">,
): ClubBatch {
  return {
    eventId: ev.eventId,
    nominationId: ev.nominationId,
    format: "solo",
    idempotencyKey: crypto.randomBytes(18).toString("base64url"),
    ...fields,
  };
}

function accepted(result: ArtworkEntryResult) {
  if (!result.ok) throw new Error(`Expected an entry, got ${JSON.stringify(result)}`);
  return result;
}

const entryRow = (db: DB, id: number) =>
  db
    .selectFrom("entries")
    .select(["status", "format", "club_id", "title", "duration_seconds", "video_url", "submitted_by_user_id"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
const membersOf = async (db: DB, entryId: number) =>
  (
    await db
      .selectFrom("entry_members")
      .select("participant_id")
      .where("entry_id", "=", entryId)
      .orderBy("participant_id")
      .execute()
  ).map((m) => m.participant_id);

describe.each(engines)("a club leader's batch on %s", (engine) => {
  const t = useTestDb(engine);

  it("makes one solo entry per child, confirmed in roster order while places last, then wait-listed", async () => {
    const ev = await openVideoEvent(t.db, 2);
    const c = await club(t.db, ["2015-04-12", "2014-09-01", "2013-01-30"]);
    const results = await submitClubEntries(
      t.db,
      c.submitter,
      batchOf(ev, { entries: c.childIds.map((id, i) => ({ memberIds: [id], ...piece(`Ән ${i}`) })) }),
      BASE_URL,
      NOW,
    );

    expect(results.map((r) => r.memberIds)).toEqual(c.childIds.map((id) => [id]));
    const made = results.map((r) => accepted(r.result));
    expect(made.map((r) => [r.status, r.waitlistPosition, r.duplicate])).toEqual([
      ["confirmed", null, false],
      ["confirmed", null, false],
      ["waitlisted", 1, false],
    ]);
    expect(new Set(made.map((r) => r.reference)).size).toBe(3);
    for (const [i, r] of made.entries()) {
      expect(await entryRow(t.db, r.entryId)).toMatchObject({
        format: "solo",
        club_id: c.clubId,
        title: `Ән ${i}`,
        duration_seconds: 180,
        submitted_by_user_id: c.submitter.userId,
      });
      expect(await membersOf(t.db, r.entryId)).toEqual([c.childIds[i]]);
    }
    // The leader hears about the entries in the club's daily digest, not in an email each; the
    // club's own children have no family account to write to.
    const mail = await t.db
      .selectFrom("outbox")
      .select("template")
      .where("user_id", "=", c.submitter.userId)
      .orderBy("id")
      .execute();
    expect(mail.map((m) => m.template)).toEqual([]);
  });

  it("makes one group entry with every ticked child", async () => {
    const ev = await openVideoEvent(t.db);
    const c = await club(t.db, ["2015-04-12", "2014-09-01", "2013-01-30"]);
    const [group] = await submitClubEntries(
      t.db,
      c.submitter,
      batchOf(ev, { format: "trio", entries: [{ memberIds: c.childIds, ...piece("Адай") }] }),
      BASE_URL,
      NOW,
    );
    const made = accepted(group!.result);
    expect(made.status).toBe("confirmed");
    expect(await entryRow(t.db, made.entryId)).toMatchObject({ format: "trio", club_id: c.clubId, title: "Адай" });
    expect(await membersOf(t.db, made.entryId)).toEqual([...c.childIds].sort((a, b) => a - b));
    expect(await t.db.selectFrom("entries").select("id").where("event_id", "=", ev.eventId).execute()).toHaveLength(1);

    await expect(
      submitClubEntries(
        t.db,
        c.submitter,
        batchOf(ev, {
          format: "ensemble",
          entries: [
            { memberIds: [c.childIds[0]!], ...piece("A") },
            { memberIds: [c.childIds[1]!], ...piece("B") },
          ],
        }),
        BASE_URL,
        NOW,
      ),
    ).rejects.toThrow("A group batch makes one entry.");
  });

  it("refuses a child without a standing data consent while the others are entered", async () => {
    const ev = await openVideoEvent(t.db);
    const c = await club(t.db, ["2015-04-12", "2014-09-01", "2013-01-30"]);
    const withdrawn = c.childIds[1]!;
    await t.db.updateTable("consents").set({ withdrawn_at: NOW }).where("participant_id", "=", withdrawn).execute();
    const results = await submitClubEntries(
      t.db,
      c.submitter,
      batchOf(ev, { entries: c.childIds.map((id) => ({ memberIds: [id], ...piece("Көктем") })) }),
      BASE_URL,
      NOW,
    );

    expect(results.map((r) => (r.result.ok ? r.result.status : "refused"))).toEqual([
      "confirmed",
      "refused",
      "confirmed",
    ]);
    expect(results[1]!.result).toEqual({
      ok: false,
      problems: [{ code: "consent_missing", memberId: withdrawn, params: {} }],
    });
    const entered = await t.db
      .selectFrom("entry_members")
      .select("participant_id")
      .where("nomination_id", "=", ev.nominationId)
      .execute();
    expect(entered.map((m) => m.participant_id).sort()).toEqual([c.childIds[0], c.childIds[2]].sort());
  });

  it("makes nothing twice when the same form is posted again, and enters a child once its piece is fixed", async () => {
    const ev = await openVideoEvent(t.db, 1);
    const c = await club(t.db, ["2015-04-12", "2014-09-01", "2013-01-30"]);
    const tooLong = { memberIds: [c.childIds[2]!], ...piece("Ұзақ ән", 300) };
    const batch = batchOf(ev, {
      entries: [
        { memberIds: [c.childIds[0]!], ...piece("Бір") },
        { memberIds: [c.childIds[1]!], ...piece("Екі") },
        tooLong,
      ],
    });
    const first = await submitClubEntries(t.db, c.submitter, batch, BASE_URL, NOW);
    expect(first.map((r) => (r.result.ok ? r.result.status : r.result))).toEqual([
      "confirmed",
      "waitlisted",
      { ok: false, problems: [{ code: "duration_too_long", params: { durationSeconds: 300, maxSeconds: 240 } }] },
    ]);

    // A double click: both posts at once, then a retry with the long piece shortened.
    const [again, twice] = await Promise.all(
      [0, 1].map(() => submitClubEntries(t.db, c.submitter, batch, BASE_URL, NOW)),
    );
    for (const repeat of [again!, twice!]) {
      expect(repeat.slice(0, 2).map((r) => accepted(r.result))).toEqual([
        { ...accepted(first[0]!.result), duplicate: true },
        { ...accepted(first[1]!.result), duplicate: true },
      ]);
    }
    const fixed = await submitClubEntries(
      t.db,
      c.submitter,
      { ...batch, entries: [...batch.entries.slice(0, 2), { ...tooLong, durationSeconds: 230 }] },
      BASE_URL,
      NOW,
    );
    expect(fixed.map((r) => [accepted(r.result).status, accepted(r.result).duplicate])).toEqual([
      ["confirmed", true],
      ["waitlisted", true],
      ["waitlisted", false],
    ]);
    expect(accepted(fixed[2]!.result).waitlistPosition).toBe(2);
    expect(await t.db.selectFrom("entries").select("id").where("event_id", "=", ev.eventId).execute()).toHaveLength(3);

    // The group's key is the form's too: posted twice, one ensemble.
    const other = await openVideoEvent(t.db);
    const group = batchOf(other, {
      format: "ensemble",
      entries: [{ memberIds: c.childIds.slice(0, 2), ...piece("Қосылу") }],
    });
    const [one] = await submitClubEntries(t.db, c.submitter, group, BASE_URL, NOW);
    const [two] = await submitClubEntries(t.db, c.submitter, group, BASE_URL, NOW);
    expect(accepted(two!.result)).toEqual({ ...accepted(one!.result), duplicate: true });
    expect(await t.db.selectFrom("entries").select("id").where("event_id", "=", other.eventId).execute()).toHaveLength(
      1,
    );
  });

  it("answers not found for a child of another club, entering the rest", async () => {
    const ev = await openVideoEvent(t.db);
    const mine = await club(t.db, ["2015-04-12"]);
    const theirs = await club(t.db, ["2014-09-01"]);
    const results = await submitClubEntries(
      t.db,
      mine.submitter,
      batchOf(ev, {
        entries: [
          { memberIds: [theirs.childIds[0]!], ...piece("A") },
          { memberIds: [mine.childIds[0]!], ...piece("B") },
        ],
      }),
      BASE_URL,
      NOW,
    );
    expect(results[0]!.result).toEqual({ ok: false, notFound: true });
    expect(accepted(results[1]!.result).status).toBe("confirmed");
  });
});

describe.each(engines)("editing an entry on %s", (engine) => {
  const t = useTestDb(engine);

  async function familyEntry(ev: { eventId: number; nominationId: number }) {
    await ensureConsentTexts(t.db);
    const user = await insertUser(t.db);
    const child = await addChild(t.db, { guardianId: user.id }, childData(), { photoVideo: false });
    const who = { userId: user.id, email: user.email };
    const result = await submitEntry(
      t.db,
      { ...who, role: "guardian" },
      {
        eventId: ev.eventId,
        nominationId: ev.nominationId,
        format: "solo",
        memberIds: [child.id],
        title: "Көктем",
        durationSeconds: 180,
        videoUrl: "https://video.example.kz/koktem",
        artworkFile: null,
        idempotencyKey: crypto.randomUUID(),
      },
      BASE_URL,
      NOW,
    );
    return { who, entry: accepted(result) };
  }

  it("changes the title, duration and video link, keeping the entry's place on the wait-list", async () => {
    const ev = await openVideoEvent(t.db, 1);
    await familyEntry(ev);
    const { who, entry } = await familyEntry(ev);
    expect(entry.waitlistPosition).toBe(1);

    const changes = { title: "  Жаңа ән  ", durationSeconds: 225, videoUrl: "https://video.example.kz/new" };
    expect(await updateEntry(t.db, who, entry.entryId, changes, NOW)).toEqual({ ok: true, changed: true });
    expect(await entryRow(t.db, entry.entryId)).toMatchObject({
      status: "waitlisted",
      title: "Жаңа ән",
      duration_seconds: 225,
      video_url: "https://video.example.kz/new",
    });
    expect(await waitlistPosition(t.db, entry.entryId)).toBe(1);
    expect(await updateEntry(t.db, who, entry.entryId, changes, NOW)).toEqual({ ok: true, changed: false });
    // A family's own change is not audited.
    expect(await listAudit(t.db, { entityType: "entry" })).toEqual([]);
  });

  it("checks the duration against the nomination's maximum and the video link's rules again", async () => {
    const ev = await openVideoEvent(t.db);
    const { who, entry } = await familyEntry(ev);
    const edit = (changes: { durationSeconds: number | null; videoUrl: string | null }) =>
      updateEntry(t.db, who, entry.entryId, { title: "Көктем", ...changes }, NOW);
    expect(await edit({ durationSeconds: 241, videoUrl: "https://video.example.kz/x" })).toEqual({
      ok: false,
      problems: [{ code: "duration_too_long", params: { durationSeconds: 241, maxSeconds: 240 } }],
    });
    expect(await edit({ durationSeconds: null, videoUrl: "javascript:alert(1)" })).toEqual({
      ok: false,
      problems: [
        { code: "duration_required", params: {} },
        { code: "video_url_invalid", params: {} },
      ],
    });
    expect(await edit({ durationSeconds: 200, videoUrl: null })).toEqual({
      ok: false,
      problems: [{ code: "video_url_required", params: {} }],
    });
    expect(await entryRow(t.db, entry.entryId)).toMatchObject({
      title: "Көктем",
      duration_seconds: 180,
      video_url: "https://video.example.kz/koktem",
    });
  });

  it("refuses after registration closes, for a withdrawn entry, and for someone else's entry", async () => {
    const ev = await openVideoEvent(t.db);
    const { who, entry } = await familyEntry(ev);
    const stranger = await familyEntry(ev);
    const changes = { title: "Басқа", durationSeconds: 200, videoUrl: "https://video.example.kz/x" };
    expect(await updateEntry(t.db, who, entry.entryId, changes, AFTER_CLOSE)).toEqual({
      ok: false,
      refused: "too_late",
    });
    expect(await updateEntry(t.db, stranger.who, entry.entryId, changes, NOW)).toEqual({
      ok: false,
      refused: "missing",
    });
    expect(await updateEntry(t.db, who, 999_999, changes, NOW)).toEqual({ ok: false, refused: "missing" });
    expect((await listFamilyEntries(t.db, who.userId, "en", AFTER_CLOSE))[0]!.canEdit).toBe(false);
    expect((await listFamilyEntries(t.db, who.userId, "en", NOW))[0]).toMatchObject({
      canEdit: true,
      entryKind: "video",
      maxDurationSeconds: 240,
    });

    await withdrawEntry(t.db, who, entry.entryId, BASE_URL, NOW);
    expect(await updateEntry(t.db, who, entry.entryId, changes, NOW)).toEqual({ ok: false, refused: "closed" });
    expect((await listFamilyEntries(t.db, who.userId, "en", NOW))[0]!.canEdit).toBe(false);
    expect(await entryRow(t.db, entry.entryId)).toMatchObject({ title: "Көктем" });
  });

  it("lets the club leader who submitted an entry change it, and audits the change", async () => {
    const ev = await openVideoEvent(t.db);
    const c = await club(t.db, ["2015-04-12"]);
    const [made] = await submitClubEntries(
      t.db,
      c.submitter,
      batchOf(ev, { entries: [{ memberIds: c.childIds, ...piece("Бір") }] }),
      BASE_URL,
      NOW,
    );
    const entry = accepted(made!.result);
    const otherLeader = await club(t.db, []);
    const changes = { title: "Екі", durationSeconds: 200, videoUrl: "https://video.example.kz/eki" };
    expect(await updateEntry(t.db, otherLeader.submitter, entry.entryId, changes, NOW)).toEqual({
      ok: false,
      refused: "missing",
    });
    expect(await updateEntry(t.db, c.submitter, entry.entryId, changes, NOW)).toEqual({ ok: true, changed: true });
    const [log] = await listAudit(t.db, { entityType: "entry" });
    expect(log).toMatchObject({
      action: "entry.update",
      actor_user_id: c.submitter.userId,
      entity_id: String(entry.entryId),
      before: { title: "Бір", duration_seconds: 180 },
      after: { title: "Екі", duration_seconds: 200, video_url: "https://video.example.kz/eki" },
    });
  });
});
