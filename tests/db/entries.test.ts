import { describe, expect, it, vi } from "vitest";

import { decideEntry } from "~/.server/registration/decide-entry.server";
import { listFamilyEntries } from "~/.server/registration/family-entries.server";
import { entryProblemMessage } from "~/.server/registration/problem-messages.server";
import { submitEntry, type Submitter } from "~/.server/registration/submit-entry.server";
import { waitlistPosition } from "~/.server/registration/waitlist.server";
import { withdrawEntry } from "~/.server/registration/withdraw-entry.server";

import { engines, useTestDb } from "../setup/db";
import { insertUser } from "./factories";

// Reference codes come from the real generator unless a test queues the ones it wants drawn.
const forcedCodes = vi.hoisted(() => [] as string[]);
vi.mock("~/domain/reference-code", async (importOriginal) => {
  const real = await importOriginal<typeof import("~/domain/reference-code")>();
  return {
    ...real,
    generateReferenceCode: (prefix: string) => forcedCodes.shift() ?? real.generateReferenceCode(prefix),
  };
});

import {
  accepted,
  AFTER_CLOSE,
  BASE_URL,
  codes,
  emailsTo,
  enterFamily,
  entryOf,
  eventsOpened,
  family,
  NOW,
  openEvent,
  statusOf,
} from "./entry-fixtures";

describe.each(engines)("registration on %s", (engine) => {
  const t = useTestDb(engine);

  it("confirms entries up to the nomination's capacity, then wait-lists them at positions 1, 2, 3", async () => {
    const ev = await openEvent(t.db, { capacity: 2 });
    const entered = [];
    for (let i = 0; i < 5; i++) entered.push(await enterFamily(t.db, ev));
    const results = entered.map((e) => accepted(e.result));
    expect(results.map((r) => r.status)).toEqual(["confirmed", "confirmed", "waitlisted", "waitlisted", "waitlisted"]);
    expect(results.map((r) => r.waitlistPosition)).toEqual([null, null, 1, 2, 3]);
    expect(results.every((r) => !r.duplicate)).toBe(true);
    for (const r of results) expect(await waitlistPosition(t.db, r.entryId)).toBe(r.waitlistPosition);

    const [confirmedMail] = await emailsTo(t.db, entered[0]!.submitter.userId);
    expect(confirmedMail).toMatchObject({
      template: "entry_confirmed",
      locale: "ru",
      to_email: entered[0]!.submitter.email,
    });
    expect(confirmedMail!.params).toMatchObject({
      reference: results[0]!.reference,
      event: `Шабыт ${eventsOpened()}`,
      url: `${BASE_URL}/entries/${results[0]!.reference}`,
    });
    const [waitlistedMail] = await emailsTo(t.db, entered[3]!.submitter.userId);
    expect(waitlistedMail).toMatchObject({ template: "entry_waitlisted", params: { position: 2 } });
  });

  it("withdrawing a confirmed entry promotes the head of the wait-list at once and emails that family", async () => {
    const ev = await openEvent(t.db, { capacity: 1 });
    const first = await enterFamily(t.db, ev);
    const second = await enterFamily(t.db, ev);
    const third = await enterFamily(t.db, ev);
    const [a, b, c] = [first, second, third].map((e) => accepted(e.result));

    expect(
      await withdrawEntry(
        t.db,
        { userId: first.submitter.userId, email: first.submitter.email },
        a!.entryId,
        BASE_URL,
        NOW,
      ),
    ).toBe("withdrawn");
    expect(await statusOf(t.db, a!.entryId)).toBe("withdrawn");
    expect(await statusOf(t.db, b!.entryId)).toBe("confirmed");
    expect(await waitlistPosition(t.db, c!.entryId)).toBe(1);
    const members = await t.db
      .selectFrom("entry_members")
      .select("active")
      .where("entry_id", "=", a!.entryId)
      .execute();
    expect(members.map((m) => m.active)).toEqual([false]);

    const mails = await emailsTo(t.db, second.submitter.userId);
    expect(mails.map((m) => m.template)).toEqual(["entry_waitlisted", "entry_promoted"]);
    expect(mails[1]!.params).toMatchObject({ reference: b!.reference });
    expect((await emailsTo(t.db, third.submitter.userId)).map((m) => m.template)).toEqual(["entry_waitlisted"]);

    // A repeated click changes nothing; the freed child may enter again, behind those waiting.
    expect(
      await withdrawEntry(
        t.db,
        { userId: first.submitter.userId, email: first.submitter.email },
        a!.entryId,
        BASE_URL,
        NOW,
      ),
    ).toBe("withdrawn");
    const again = accepted((await enterFamily(t.db, ev, first)).result);
    expect(again).toMatchObject({ status: "waitlisted", waitlistPosition: 2 });
  });

  it("makes one entry from a repeated post with the same idempotency key", async () => {
    const ev = await openEvent(t.db, { capacity: 5 });
    const fam = await family(t.db);
    const input = entryOf(ev, fam.childIds);
    const first = accepted(await submitEntry(t.db, fam.submitter, input, BASE_URL, NOW));
    const second = accepted(await submitEntry(t.db, fam.submitter, input, BASE_URL, NOW));
    expect(second).toEqual({ ...first, duplicate: true });
    const parallel = await Promise.all(
      Array.from({ length: 3 }, () => submitEntry(t.db, fam.submitter, input, BASE_URL, NOW)),
    );
    expect(parallel.map((r) => accepted(r).entryId)).toEqual([first.entryId, first.entryId, first.entryId]);
    const rows = await t.db
      .selectFrom("entries")
      .select("id")
      .where("submitted_by_user_id", "=", fam.submitter.userId)
      .execute();
    expect(rows).toHaveLength(1);
    expect(await emailsTo(t.db, fam.submitter.userId)).toHaveLength(1);

    // The same form sent again after the entry was withdrawn makes no new entry either.
    await withdrawEntry(
      t.db,
      { userId: fam.submitter.userId, email: fam.submitter.email },
      first.entryId,
      BASE_URL,
      NOW,
    );
    const stale = await submitEntry(t.db, fam.submitter, input, BASE_URL, NOW);
    expect(stale).toEqual({
      ok: false,
      problems: [{ code: "form_already_used", params: { reference: first.reference } }],
    });
  });

  it("refuses a second live entry of a child in one nomination", async () => {
    const ev = await openEvent(t.db);
    const fam = await family(t.db);
    accepted((await enterFamily(t.db, ev, fam)).result);
    const again = await submitEntry(t.db, fam.submitter, entryOf(ev, fam.childIds), BASE_URL, NOW);
    expect(again).toEqual({
      ok: false,
      problems: [{ code: "already_entered", memberId: fam.childIds[0], params: {} }],
    });
  });

  it("lets a child in a duet also enter solo in the same nomination, but not in a second duet", async () => {
    const ev = await openEvent(t.db);
    const fam = await family(t.db, { children: 3 });
    const [a, b, c] = fam.childIds as [number, number, number];
    accepted(await submitEntry(t.db, fam.submitter, entryOf(ev, [a, b]), BASE_URL, NOW));
    accepted(await submitEntry(t.db, fam.submitter, entryOf(ev, [a]), BASE_URL, NOW));
    const secondDuet = await submitEntry(t.db, fam.submitter, entryOf(ev, [a, c]), BASE_URL, NOW);
    expect(secondDuet).toEqual({ ok: false, problems: [{ code: "already_entered", memberId: a, params: {} }] });
    const formats = await t.db
      .selectFrom("entry_members")
      .select(["format"])
      .where("participant_id", "=", a)
      .orderBy("format")
      .execute();
    expect(formats.map((m) => m.format)).toEqual(["duet", "solo"]);
  });

  it("keeps to one entry per child per nomination, whatever the format, where the organiser asks for it", async () => {
    const ev = await openEvent(t.db, { form: { oneEntryPerNomination: true } });
    const fam = await family(t.db, { children: 2 });
    const [a, b] = fam.childIds as [number, number];
    accepted(await submitEntry(t.db, fam.submitter, entryOf(ev, [a, b]), BASE_URL, NOW));
    const solo = await submitEntry(t.db, fam.submitter, entryOf(ev, [a]), BASE_URL, NOW);
    expect(solo).toEqual({ ok: false, problems: [{ code: "already_entered", memberId: a, params: {} }] });
  });

  it("turns the database's refusal of a second live entry into already_entered, never an error", async () => {
    const ev = await openEvent(t.db);
    const other = await openEvent(t.db);
    const fam = await family(t.db);
    // A live membership the eligibility check cannot see (filed under another event): only the
    // partial unique index on entry_members stands in the way.
    const stray = await t.db
      .insertInto("entries")
      .values({
        event_id: other.eventId,
        nomination_id: other.nominationId,
        format: "solo",
        status: "confirmed",
        reference: `STRAY-${engine}`,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto("entry_members")
      .values({ entry_id: stray.id, participant_id: fam.childIds[0]!, nomination_id: ev.nominationId })
      .execute();
    const result = await submitEntry(t.db, fam.submitter, entryOf(ev, fam.childIds), BASE_URL, NOW);
    expect(result).toEqual({
      ok: false,
      problems: [{ code: "already_entered", memberId: fam.childIds[0], params: {} }],
    });
    expect(await t.db.selectFrom("entries").select("id").where("event_id", "=", ev.eventId).execute()).toEqual([]);
  });

  it("refuses a child without a standing consent to data processing", async () => {
    const ev = await openEvent(t.db);
    const fam = await family(t.db, { consent: false });
    const result = await submitEntry(t.db, fam.submitter, entryOf(ev, fam.childIds), BASE_URL, NOW);
    expect(result).toEqual({
      ok: false,
      problems: [{ code: "consent_missing", memberId: fam.childIds[0], params: {} }],
    });
    if (result.ok || "notFound" in result) throw new Error("expected problems");
    const message = entryProblemMessage(result.problems[0]!, { locale: "en", nameOf: () => "Aruzhan" });
    expect(message).toEqual({ key: "entries.consent_missing", params: { name: "Aruzhan" } });
  });

  it("passes eligibility's problems through, every one of them", async () => {
    const ev = await openEvent(t.db);
    const young = await family(t.db, { birthDate: "2021-01-01" });
    const tooYoung = await submitEntry(
      t.db,
      young.submitter,
      entryOf(ev, young.childIds, { durationSeconds: 300 }),
      BASE_URL,
      NOW,
    );
    expect(codes(tooYoung)).toEqual(["no_age_group", "duration_too_long"]);
    const fam = await family(t.db);
    expect(
      codes(await submitEntry(t.db, fam.submitter, entryOf(ev, fam.childIds, { format: "trio" }), BASE_URL, NOW)),
    ).toEqual(["format_not_allowed"]);
    expect(codes(await submitEntry(t.db, fam.submitter, entryOf(ev, [], {}), BASE_URL, NOW))).toEqual([
      "too_few_members",
    ]);
    expect(codes(await submitEntry(t.db, fam.submitter, entryOf(ev, fam.childIds), BASE_URL, AFTER_CLOSE))).toEqual([
      "registration_closed",
    ]);
  });

  it("answers not found for another family's child, another club's child, and a nomination of another event", async () => {
    const ev = await openEvent(t.db);
    const other = await openEvent(t.db);
    const mine = await family(t.db);
    const theirs = await family(t.db);
    expect(
      await submitEntry(t.db, mine.submitter, entryOf(ev, [mine.childIds[0]!, theirs.childIds[0]!]), BASE_URL, NOW),
    ).toEqual({ ok: false, notFound: true });
    expect(
      await submitEntry(
        t.db,
        mine.submitter,
        entryOf(ev, mine.childIds, { nominationId: other.nominationId }),
        BASE_URL,
        NOW,
      ),
    ).toEqual({ ok: false, notFound: true });
    expect(
      await submitEntry(t.db, mine.submitter, entryOf(ev, mine.childIds, { eventId: 999_999 }), BASE_URL, NOW),
    ).toEqual({ ok: false, notFound: true });

    const club = await t.db
      .insertInto("clubs")
      .values({ name: "Шабыт", city: "almaty" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const leader = await insertUser(t.db);
    await t.db
      .insertInto("memberships")
      .values({ user_id: leader.id, role: "club_leader", club_id: club.id })
      .execute();
    const asLeader: Submitter = { userId: leader.id, email: leader.email, role: "club_leader", clubId: club.id };
    expect(await submitEntry(t.db, asLeader, entryOf(ev, mine.childIds), BASE_URL, NOW)).toEqual({
      ok: false,
      notFound: true,
    });
    expect(await t.db.selectFrom("entries").select("id").where("event_id", "=", ev.eventId).execute()).toEqual([]);
  });

  it("lets a club leader enter the club's children, and tells the parents (the leader: in the digest) when the entry is rejected", async () => {
    const ev = await openEvent(t.db);
    const club = await t.db
      .insertInto("clubs")
      .values({ name: "Шабыт", city: "almaty" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const one = await family(t.db, { clubId: club.id });
    const two = await family(t.db, { clubId: club.id, locale: "kk" });
    const leader = await insertUser(t.db);
    await t.db
      .insertInto("memberships")
      .values({ user_id: leader.id, role: "club_leader", club_id: club.id })
      .execute();
    const asLeader: Submitter = { userId: leader.id, email: leader.email, role: "club_leader", clubId: club.id };
    const result = accepted(
      await submitEntry(t.db, asLeader, entryOf(ev, [one.childIds[0]!, two.childIds[0]!]), BASE_URL, NOW),
    );
    const row = await t.db
      .selectFrom("entries")
      .select(["club_id", "format", "age_group_id"])
      .where("id", "=", result.entryId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ club_id: club.id, format: "duet" });
    // The leader hears in the club's daily digest (club-digest.test.ts), not in an email per entry.
    expect(await emailsTo(t.db, leader.id)).toEqual([]);
    expect(await emailsTo(t.db, one.submitter.userId)).toEqual([]);

    expect(await decideEntry(t.db, ev.organiser, result.entryId, "reject", "Фонограмма не пришла", BASE_URL)).toBe(
      "done",
    );
    expect(await emailsTo(t.db, leader.id)).toEqual([]);
    for (const userId of [one.submitter.userId, two.submitter.userId]) {
      expect((await emailsTo(t.db, userId)).at(-1)).toMatchObject({
        template: "entry_rejected",
        params: { reason: "Фонограмма не пришла" },
      });
    }
    expect((await emailsTo(t.db, two.submitter.userId)).at(-1)!.locale).toBe("kk");
    // Both parents see the entry on their page.
    expect((await listFamilyEntries(t.db, two.submitter.userId, "kk"))[0]).toMatchObject({
      reference: result.reference,
      status: "rejected",
    });
  });

  it("gives every entry its own reference code, drawing again when one is taken", async () => {
    const ev = await openEvent(t.db);
    const references = [];
    for (let i = 0; i < 12; i++) references.push(accepted((await enterFamily(t.db, ev)).result).reference);
    expect(new Set(references).size).toBe(12);
    for (const r of references) expect(r).toMatch(/^SH26-[2-9A-HJ-NP-Z]{6}$/);

    forcedCodes.push(references[0]!, references[1]!, "SH26-ZZZZZZ");
    expect(accepted((await enterFamily(t.db, ev)).result).reference).toBe("SH26-ZZZZZZ");
    expect(forcedCodes).toEqual([]);
  });
});
