import { describe, expect, it } from "vitest";

import { listAudit } from "~/.server/platform/audit.server";
import { deleteChild } from "~/.server/registration/children.server";
import { decideEntry } from "~/.server/registration/decide-entry.server";
import { updateEntry } from "~/.server/registration/edit-entry.server";
import { listFamilyEntries } from "~/.server/registration/family-entries.server";
import { submitEntry } from "~/.server/registration/submit-entry.server";
import { emailedAboutStatus, withdrawEntry } from "~/.server/registration/withdraw-entry.server";

import { engines, useTestDb } from "../setup/db";
import {
  accepted,
  AFTER_CLOSE,
  BASE_URL,
  emailsTo,
  enterFamily,
  entryOf,
  eventsOpened,
  family,
  NOW,
  openEvent,
  statusOf,
} from "./entry-fixtures";
import { insertUser, nominationForm, roundForm } from "./factories";

describe.each(engines)("withdrawing, deciding and listing entries on %s", (engine) => {
  const t = useTestDb(engine);

  it("emails the family that an entry is withdrawn, and the page says so only then", async () => {
    const ev = await openEvent(t.db);
    const fam = await family(t.db);
    const entry = accepted((await enterFamily(t.db, ev, fam)).result);
    const who = { userId: fam.submitter.userId, email: fam.submitter.email };
    expect(await emailedAboutStatus(t.db, who.userId, entry.reference, "withdrawn")).toBe(false);
    expect(await withdrawEntry(t.db, who, entry.entryId, BASE_URL, NOW)).toBe("withdrawn");
    const mails = await emailsTo(t.db, who.userId);
    expect(mails.map((m) => m.template)).toContain("entry_withdrawn");
    expect(mails.find((m) => m.template === "entry_withdrawn")!.params).toMatchObject({ reference: entry.reference });
    expect(await emailedAboutStatus(t.db, who.userId, entry.reference, "withdrawn")).toBe(true);
    // A repeated click withdraws nothing more and sends nothing more.
    expect(await withdrawEntry(t.db, who, entry.entryId, BASE_URL, NOW)).toBe("withdrawn");
    expect((await emailsTo(t.db, who.userId)).filter((m) => m.template === "entry_withdrawn")).toHaveLength(1);
  });

  it("refuses to withdraw or change an entry once results naming it are published", async () => {
    const ev = await openEvent(t.db, { form: { rounds: [roundForm({ kind: "final" })] } });
    const fam = await family(t.db);
    const entry = accepted((await enterFamily(t.db, ev, fam)).result);
    const who = { userId: fam.submitter.userId, email: fam.submitter.email };
    const round = await t.db
      .selectFrom("rounds")
      .select("id")
      .where("event_id", "=", ev.eventId)
      .executeTakeFirstOrThrow();
    const section = await t.db
      .insertInto("result_sections")
      .values({
        round_id: round.id,
        nomination_id: ev.nominationId,
        age_group_id: null,
        computed_at: NOW,
        locked_at: NOW,
        published_at: NOW,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto("results")
      .values({ round_id: round.id, entry_id: entry.entryId, section_id: section.id, total: "8", rank: 1 })
      .execute();
    const [listed] = await listFamilyEntries(t.db, who.userId, "ru", NOW);
    expect(listed).toMatchObject({ canWithdraw: false, canEdit: false });
    expect(await withdrawEntry(t.db, who, entry.entryId, BASE_URL, NOW)).toBe("results_published");
    expect(
      await updateEntry(t.db, who, entry.entryId, { title: "Жаңа", durationSeconds: 100, videoUrl: null }, NOW),
    ).toEqual({ ok: false, refused: "results_published" });
    expect(await statusOf(t.db, entry.entryId)).toBe("confirmed");
  });

  it("lets a family withdraw only while registration is open, and only its own entries", async () => {
    const ev = await openEvent(t.db);
    const fam = await family(t.db);
    const stranger = await family(t.db);
    const entry = accepted((await enterFamily(t.db, ev, fam)).result);
    const who = { userId: fam.submitter.userId, email: fam.submitter.email };
    expect(
      await withdrawEntry(
        t.db,
        { userId: stranger.submitter.userId, email: stranger.submitter.email },
        entry.entryId,
        BASE_URL,
        NOW,
      ),
    ).toBe("missing");
    expect(await withdrawEntry(t.db, who, 999_999, BASE_URL, NOW)).toBe("missing");
    expect(await withdrawEntry(t.db, who, entry.entryId, BASE_URL, AFTER_CLOSE)).toBe("too_late");
    expect(await statusOf(t.db, entry.entryId)).toBe("confirmed");
    expect((await listFamilyEntries(t.db, fam.submitter.userId, "en", AFTER_CLOSE))[0]!.canWithdraw).toBe(false);
    expect((await listFamilyEntries(t.db, fam.submitter.userId, "en", NOW))[0]!.canWithdraw).toBe(true);
  });

  it("lets the organiser confirm a wait-listed entry beyond capacity, and reject with a reason, promoting the next", async () => {
    const ev = await openEvent(t.db, { capacity: 1 });
    const [a, b, c] = await Promise.all([0, 1, 2].map(async () => family(t.db)));
    const ea = accepted((await enterFamily(t.db, ev, a)).result);
    const eb = accepted((await enterFamily(t.db, ev, b)).result);
    const ec = accepted((await enterFamily(t.db, ev, c)).result);

    expect(await decideEntry(t.db, ev.organiser, ec.entryId, "approve", null, BASE_URL)).toBe("done");
    expect(await statusOf(t.db, ec.entryId)).toBe("confirmed");
    expect((await emailsTo(t.db, c!.submitter.userId)).at(-1)!.template).toBe("entry_promoted");
    expect(await decideEntry(t.db, ev.organiser, ec.entryId, "approve", null, BASE_URL)).toBe("invalid");

    // Two confirmed for one place: rejecting one still leaves the nomination full.
    expect(await decideEntry(t.db, ev.organiser, ea.entryId, "reject", "  ", BASE_URL)).toBe("invalid");
    expect(await decideEntry(t.db, ev.organiser, ea.entryId, "reject", "Не тот возраст", BASE_URL)).toBe("done");
    expect(await statusOf(t.db, eb.entryId)).toBe("waitlisted");
    expect(await decideEntry(t.db, ev.organiser, ec.entryId, "reject", "Повтор", BASE_URL)).toBe("done");
    expect(await statusOf(t.db, eb.entryId)).toBe("confirmed");
    expect((await emailsTo(t.db, b!.submitter.userId)).map((m) => m.template)).toEqual([
      "entry_waitlisted",
      "entry_promoted",
    ]);

    expect(await decideEntry(t.db, ev.organiser, ea.entryId, "approve", null, BASE_URL)).toBe("invalid");
    expect(await decideEntry(t.db, ev.organiser, 999_999, "approve", null, BASE_URL)).toBe("missing");
    const rejected = await t.db
      .selectFrom("entries")
      .select(["status", "status_reason"])
      .where("id", "=", ea.entryId)
      .executeTakeFirstOrThrow();
    expect(rejected).toEqual({ status: "rejected", status_reason: "Не тот возраст" });

    const log = await listAudit(t.db, { eventId: ev.eventId, entityType: "entry" });
    expect(log.map((r) => [r.action, r.entity_id])).toEqual([
      ["entry.reject", String(ec.entryId)],
      ["entry.reject", String(ea.entryId)],
      ["entry.approve", String(ec.entryId)],
    ]);
    expect(log[0]).toMatchObject({
      actor_user_id: ev.organiser.id,
      before: { status: "confirmed" },
      after: { status: "rejected", promotedEntries: [eb.entryId] },
    });
  });

  it("shares an event's capacity across its nominations", async () => {
    const nominations = ["Vocal", "Dance"].map((nameEn) =>
      nominationForm({ nameEn, maxDurationMinutes: "4", formats: { solo: [1, 1] } }),
    );
    const ev = await openEvent(t.db, { eventCapacity: 2, nominations });
    const dance = { ...ev, nominationId: ev.nominationIds[1]! };
    const first = await enterFamily(t.db, ev);
    accepted((await enterFamily(t.db, ev)).result);
    const waiting = accepted((await enterFamily(t.db, dance)).result);
    expect(waiting).toMatchObject({ status: "waitlisted", waitlistPosition: 1 });
    await withdrawEntry(
      t.db,
      { userId: first.submitter.userId, email: first.submitter.email },
      accepted(first.result).entryId,
      BASE_URL,
      NOW,
    );
    expect(await statusOf(t.db, waiting.entryId)).toBe("confirmed");
  });

  it("gives a deleted child's place to the wait-list", async () => {
    const ev = await openEvent(t.db, { capacity: 1 });
    const leaving = await enterFamily(t.db, ev);
    const waiting = await enterFamily(t.db, ev);
    expect(await deleteChild(t.db, { guardianId: leaving.submitter.userId }, leaving.childIds[0]!, BASE_URL)).toBe(
      "anonymised",
    );
    expect(await statusOf(t.db, accepted(leaving.result).entryId)).toBe("withdrawn");
    expect(await statusOf(t.db, accepted(waiting.result).entryId)).toBe("confirmed");
    expect((await emailsTo(t.db, waiting.submitter.userId)).at(-1)!.template).toBe("entry_promoted");
    const [log] = await listAudit(t.db, { action: "child.anonymise", entityType: "participant" });
    expect(log!.after).toMatchObject({
      withdrawnEntries: [accepted(leaving.result).entryId],
      promotedEntries: [accepted(waiting.result).entryId],
    });
  });

  it("lists a family's entries newest first, in the reader's language, with wait-list positions", async () => {
    const ev = await openEvent(t.db, { capacity: 1 });
    await enterFamily(t.db, ev);
    const fam = await family(t.db, { children: 2 });
    const duet = accepted(await submitEntry(t.db, fam.submitter, entryOf(ev, fam.childIds), BASE_URL, NOW));
    const other = await openEvent(t.db);
    const solo = accepted(
      await submitEntry(t.db, fam.submitter, { ...entryOf(other, [fam.childIds[0]!]) }, BASE_URL, NOW),
    );

    const listed = await listFamilyEntries(t.db, fam.submitter.userId, "kk", NOW);
    expect(listed.map((e) => e.reference)).toEqual([solo.reference, duet.reference]);
    expect(listed[1]).toMatchObject({
      status: "waitlisted",
      waitlistPosition: 1,
      canWithdraw: true,
      nominationName: "Вокал",
      eventTitle: `Шабыт ${eventsOpened() - 1}`,
      format: "duet",
      title: "Көктем",
    });
    expect(listed[1]!.memberNames).toHaveLength(2);
    expect(listed[1]!.memberNames[0]).toMatch(/^Ахметова Аружан/);
    expect(await listFamilyEntries(t.db, (await insertUser(t.db)).id, "ru")).toEqual([]);
  });
});
