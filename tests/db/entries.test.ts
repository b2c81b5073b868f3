import crypto from "node:crypto";

import { describe, expect, it, vi } from "vitest";

import { ensureConsentTexts } from "#db/seed/consent-texts";
import type { Locale } from "#db/types";
import { setEventStatus } from "~/.server/events/events.server";
import { listAudit } from "~/.server/platform/audit.server";
import type { DB } from "~/.server/platform/db.server";
import { addChild, deleteChild, withdrawConsent } from "~/.server/registration/children.server";
import { decideEntry } from "~/.server/registration/decide-entry.server";
import { listFamilyEntries } from "~/.server/registration/family-entries.server";
import { entryProblemMessage } from "~/.server/registration/problem-messages.server";
import {
  submitEntry,
  type SubmitEntryInput,
  type SubmitResult,
  type Submitter,
} from "~/.server/registration/submit-entry.server";
import { waitlistPosition } from "~/.server/registration/waitlist.server";
import { withdrawEntry } from "~/.server/registration/withdraw-entry.server";
import type { NominationFormValues } from "~/schemas/event";

import { engines, useTestDb } from "../setup/db";
import { ageGroupForm, asActor, createEventFromForm, insertUser, nominationForm } from "./factories";

// Reference codes come from the real generator unless a test queues the ones it wants drawn.
const forcedCodes = vi.hoisted(() => [] as string[]);
vi.mock("~/domain/reference-code", async (importOriginal) => {
  const real = await importOriginal<typeof import("~/domain/reference-code")>();
  return {
    ...real,
    generateReferenceCode: (prefix: string) => forcedCodes.shift() ?? real.generateReferenceCode(prefix),
  };
});

// Registration runs 1 Nov 09:00 – 1 Dec 18:00 Almaty time (UTC+5).
const NOW = new Date("2026-11-20T06:00:00Z");
const AFTER_CLOSE = new Date("2026-12-01T13:00:00Z");
const BASE_URL = "https://toi.example.kz";

interface TestEvent {
  eventId: number;
  nominationId: number;
  nominationIds: number[];
  organiser: { id: number; email: string };
}

let events = 0;

/** A published event taking entries at NOW: one solo/duet vocal nomination unless told otherwise. */
async function openEvent(
  db: DB,
  options: { capacity?: number; eventCapacity?: number; nominations?: NominationFormValues[] } = {},
): Promise<TestEvent> {
  const organiser = await insertUser(db);
  const nomination = nominationForm({
    nameEn: "Vocal",
    nameKk: "Вокал",
    capacity: options.capacity ? String(options.capacity) : "",
    maxDurationMinutes: "4",
    formats: { solo: [1, 1], duet: [2, 2] },
  });
  const { id } = await createEventFromForm(db, organiser.id, {
    titleEn: `Shabyt ${++events}`,
    titleRu: `Шабыт ${events}`,
    registrationOpensAt: "2026-11-01T09:00",
    registrationClosesAt: "2026-12-01T18:00",
    capacity: options.eventCapacity ? String(options.eventCapacity) : "",
    nominations: options.nominations ?? [nomination],
    ageGroups: [ageGroupForm(7, 10), ageGroupForm(11, 14)],
  });
  await setEventStatus(db, id, "published", asActor(organiser.id));
  const nominations = await db
    .selectFrom("nominations")
    .select("id")
    .where("event_id", "=", id)
    .orderBy("position")
    .execute();
  return {
    eventId: id,
    nominationId: nominations[0]!.id,
    nominationIds: nominations.map((n) => n.id),
    organiser: asActor(organiser.id),
  };
}

interface Family {
  submitter: Extract<Submitter, { role: "guardian" }>;
  childIds: number[];
}

let families = 0;

async function family(
  db: DB,
  options: { children?: number; birthDate?: string; consent?: boolean; locale?: Locale; clubId?: number } = {},
): Promise<Family> {
  await ensureConsentTexts(db);
  const user = await insertUser(db, { name: `Parent ${++families}` });
  if (options.locale) await db.updateTable("users").set({ locale: options.locale }).where("id", "=", user.id).execute();
  const owner = { guardianId: user.id };
  const childIds: number[] = [];
  for (let i = 0; i < (options.children ?? 1); i++) {
    const child = {
      lastName: "Ахметова",
      firstName: `Аружан${families}-${i}`,
      patronymic: "",
      birthDate: options.birthDate ?? "2015-04-12",
      city: "almaty" as const,
      clubId: options.clubId,
      publicName: "full" as const,
    };
    const { id } = await addChild(db, owner, child, { photoVideo: false });
    if (options.consent === false) await withdrawConsent(db, owner, id, "data");
    childIds.push(id);
  }
  return { submitter: { userId: user.id, email: user.email, role: "guardian" }, childIds };
}

function entryOf(ev: TestEvent, memberIds: number[], fields: Partial<SubmitEntryInput> = {}): SubmitEntryInput {
  return {
    eventId: ev.eventId,
    nominationId: ev.nominationId,
    format: memberIds.length === 2 ? "duet" : "solo",
    memberIds,
    title: "Көктем",
    durationSeconds: 180,
    videoUrl: null,
    artworkFile: null,
    idempotencyKey: crypto.randomUUID(),
    ...fields,
  };
}

async function enterFamily(db: DB, ev: TestEvent, fam?: Family): Promise<Family & { result: SubmitResult }> {
  const f = fam ?? (await family(db));
  return { ...f, result: await submitEntry(db, f.submitter, entryOf(ev, f.childIds), BASE_URL, NOW) };
}

function accepted(result: SubmitResult) {
  if (!result.ok) throw new Error(`Expected an entry, got ${JSON.stringify(result)}`);
  return result;
}

function codes(result: SubmitResult) {
  if (result.ok || "notFound" in result) throw new Error(`Expected problems, got ${JSON.stringify(result)}`);
  return result.problems.map((p) => p.code);
}

const emailsTo = (db: DB, userId: number) =>
  db
    .selectFrom("outbox")
    .select(["template", "params", "locale", "to_email"])
    .where("user_id", "=", userId)
    .orderBy("id")
    .execute();

const statusOf = async (db: DB, entryId: number) =>
  (await db.selectFrom("entries").select("status").where("id", "=", entryId).executeTakeFirstOrThrow()).status;

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
      event: `Шабыт ${events}`,
      url: `${BASE_URL}/entries`,
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
    const asLeader: Submitter = { userId: leader.id, email: leader.email, role: "club_leader", clubId: club.id };
    expect(await submitEntry(t.db, asLeader, entryOf(ev, mine.childIds), BASE_URL, NOW)).toEqual({
      ok: false,
      notFound: true,
    });
    expect(await t.db.selectFrom("entries").select("id").where("event_id", "=", ev.eventId).execute()).toEqual([]);
  });

  it("lets a club leader enter the club's children, and tells the parents when the entry is rejected", async () => {
    const ev = await openEvent(t.db);
    const club = await t.db
      .insertInto("clubs")
      .values({ name: "Шабыт", city: "almaty" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const one = await family(t.db, { clubId: club.id });
    const two = await family(t.db, { clubId: club.id, locale: "kk" });
    const leader = await insertUser(t.db);
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
    expect((await emailsTo(t.db, leader.id)).map((m) => m.template)).toEqual(["entry_confirmed"]);
    expect(await emailsTo(t.db, one.submitter.userId)).toEqual([]);

    expect(await decideEntry(t.db, ev.organiser, result.entryId, "reject", "Фонограмма не пришла", BASE_URL)).toBe(
      "done",
    );
    for (const userId of [leader.id, one.submitter.userId, two.submitter.userId]) {
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
      eventTitle: `Шабыт ${events - 1}`,
      format: "duet",
      title: "Көктем",
    });
    expect(listed[1]!.memberNames).toHaveLength(2);
    expect(listed[1]!.memberNames[0]).toMatch(/^Ахметова Аружан/);
    expect(await listFamilyEntries(t.db, (await insertUser(t.db)).id, "ru")).toEqual([]);
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
