import crypto from "node:crypto";

import { describe, expect, it } from "vitest";

import { ensureConsentTexts } from "#db/seed/consent-texts";
import type { DB } from "~/.server/platform/db.server";
import { submitEntry, type SubmitEntryInput, type Submitter } from "~/.server/registration/submit-entry.server";
import { waitlistPosition } from "~/.server/registration/waitlist.server";
import { withdrawEntry } from "~/.server/registration/withdraw-entry.server";
import type { NominationFormValues } from "~/schemas/event";

import { useTestDb } from "../setup/db";
import { openEvent as openFixtureEvent } from "./entry-fixtures";
import { nominationForm } from "./factories";

// PGlite is a single connection: transactions there never overlap, so only a real server can show
// that the locks hold. The suite runs when TEST_DATABASE_URL points at one.
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

const NOW = new Date("2026-11-20T06:00:00Z");
const BASE_URL = "https://toi.example.kz";

/** A published event taking entries at NOW, with these nominations and no age groups. */
const openEvent = (db: DB, options: { eventCapacity?: number; nominations: NominationFormValues[] }) =>
  openFixtureEvent(db, { ...options, form: { ageGroups: [] } });

const vocal = (capacity?: number) =>
  nominationForm({ capacity: capacity ? String(capacity) : "", maxDurationMinutes: "4", formats: { solo: [1, 1] } });

/** `count` families of one child each, with data consent, written in bulk. */
async function families(db: DB, count: number): Promise<{ submitter: Submitter; childId: number }[]> {
  await ensureConsentTexts(db);
  const { id: textId } = await db
    .selectFrom("consent_texts")
    .select("id")
    .where("kind", "=", "data")
    .orderBy("version", "desc")
    .executeTakeFirstOrThrow();
  const tag = crypto.randomBytes(4).toString("hex");
  const users = await db
    .insertInto("users")
    .values(Array.from({ length: count }, (_, i) => ({ email: `burst-${tag}-${i}@example.kz`, name: `Parent ${i}` })))
    .returning(["id", "email"])
    .execute();
  const children = await db
    .insertInto("participants")
    .values(
      users.map((u, i) => ({
        guardian_user_id: u.id,
        last_name: "Сейткали",
        first_name: `Дана${i}`,
        birth_date: "2014-05-0" + ((i % 9) + 1),
        city: "almaty",
      })),
    )
    .returning(["id", "guardian_user_id"])
    .execute();
  await db
    .insertInto("consents")
    .values(
      children.map((c) => ({
        participant_id: c.id,
        guardian_user_id: c.guardian_user_id,
        kind: "data" as const,
        text_id: textId,
      })),
    )
    .execute();
  return users.map((u, i) => ({
    submitter: { userId: u.id, email: u.email, role: "guardian" },
    childId: children[i]!.id,
  }));
}

const entryOf = (
  eventId: number,
  nominationId: number,
  childId: number,
  idempotencyKey = crypto.randomUUID(),
): SubmitEntryInput => ({
  eventId,
  nominationId,
  format: "solo",
  memberIds: [childId],
  title: "Ақ көгершін",
  durationSeconds: 200,
  videoUrl: null,
  artworkFile: null,
  idempotencyKey,
});

async function statusCounts(db: DB, column: "event_id" | "nomination_id", id: number) {
  const rows = await db
    .selectFrom("entries")
    .select(["status"])
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where(column, "=", id)
    .groupBy("status")
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** nomination_places (the capacity guard's count, kept by a trigger) against the entries themselves. */
async function placesCount(db: DB, nominationId: number): Promise<{ counted: number; confirmed: number }> {
  const row = await db
    .selectFrom("nomination_places")
    .select("confirmed")
    .where("nomination_id", "=", nominationId)
    .executeTakeFirst();
  const counts = await statusCounts(db, "nomination_id", nominationId);
  return { counted: row?.confirmed ?? 0, confirmed: counts["confirmed"] ?? 0 };
}

describe.skipIf(!onPostgres)(
  "registration under concurrency on postgres (skipped without TEST_DATABASE_URL: PGlite cannot run transactions in parallel)",
  () => {
    const t = useTestDb("postgres", { poolMax: 20 });

    it("200 simultaneous submissions for the last 10 places: exactly 10 confirmed, 190 wait-listed at positions 1..190", async () => {
      const {
        eventId,
        nominationIds: [nominationId],
      } = await openEvent(t.db, { nominations: [vocal(12)] });
      const early = await families(t.db, 2);
      for (const f of early)
        expect(
          await submitEntry(t.db, f.submitter, entryOf(eventId, nominationId!, f.childId), BASE_URL, NOW),
        ).toMatchObject({ status: "confirmed" });
      const crowd = await families(t.db, 200);

      const started = performance.now();
      const results = await Promise.all(
        crowd.map((f) => submitEntry(t.db, f.submitter, entryOf(eventId, nominationId!, f.childId), BASE_URL, NOW)),
      );
      const seconds = (performance.now() - started) / 1000;
      console.info(
        `registration burst: 200 submissions in ${seconds.toFixed(2)} s (${(200 / seconds).toFixed(0)}/s) on a pool of 20`,
      );

      const ok = results.map((r) => {
        if (!r.ok) throw new Error(`refused: ${JSON.stringify(r)}`);
        return r;
      });
      expect(ok.filter((r) => r.status === "confirmed")).toHaveLength(10);
      expect(ok.filter((r) => r.status === "waitlisted")).toHaveLength(190);
      const positions = ok.filter((r) => r.status === "waitlisted").map((r) => r.waitlistPosition!);
      expect(positions.sort((a, b) => a - b)).toEqual(Array.from({ length: 190 }, (_, i) => i + 1));
      expect(await statusCounts(t.db, "nomination_id", nominationId!)).toEqual({ confirmed: 12, waitlisted: 190 });
      // Positions read back afterwards agree with those given at submission.
      for (const r of ok.filter((x) => x.status === "waitlisted").slice(0, 20))
        expect(await waitlistPosition(t.db, r.entryId)).toBe(r.waitlistPosition);
      expect(new Set(ok.map((r) => r.reference)).size).toBe(200);
      const mails = await t.db
        .selectFrom("outbox")
        .select(["template"])
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where(
          "user_id",
          "in",
          crowd.map((f) => f.submitter.userId),
        )
        .groupBy("template")
        .execute();
      expect(Object.fromEntries(mails.map((m) => [m.template, Number(m.n)]))).toEqual({
        entry_confirmed: 10,
        entry_waitlisted: 190,
      });
    });

    it("100 simultaneous submissions for one last place: one confirmed, the rest wait in the order places were decided", async () => {
      // Without the guard (the places row locked and read as committed by the deciding statement),
      // several of these see the place free at once and the nomination is overbooked.
      const {
        eventId,
        nominationIds: [nominationId],
      } = await openEvent(t.db, { nominations: [vocal(3)] });
      for (const f of await families(t.db, 2))
        await submitEntry(t.db, f.submitter, entryOf(eventId, nominationId!, f.childId), BASE_URL, NOW);
      const crowd = await families(t.db, 100);
      const results = await Promise.all(
        crowd.map((f) => submitEntry(t.db, f.submitter, entryOf(eventId, nominationId!, f.childId), BASE_URL, NOW)),
      );
      expect(results.filter((r) => r.ok && r.status === "confirmed")).toHaveLength(1);
      expect(await statusCounts(t.db, "nomination_id", nominationId!)).toEqual({ confirmed: 3, waitlisted: 99 });
      expect(await placesCount(t.db, nominationId!)).toEqual({ counted: 3, confirmed: 3 });
      // Every confirmed entry was queued before every waiting one, and positions follow queued_at.
      const queue = await t.db
        .selectFrom("entries")
        .select(["id", "status"])
        .where("nomination_id", "=", nominationId!)
        .orderBy("queued_at")
        .orderBy("id")
        .execute();
      expect(queue.map((e) => e.status)).toEqual([...Array(3).fill("confirmed"), ...Array(99).fill("waitlisted")]);
      const positionOf = new Map(results.map((r) => [r.ok ? r.entryId : 0, r.ok ? r.waitlistPosition : null]));
      expect(queue.slice(3).map((e) => positionOf.get(e.id))).toEqual(Array.from({ length: 99 }, (_, i) => i + 1));
    });

    it("5 simultaneous posts with one idempotency key make one entry", async () => {
      const {
        eventId,
        nominationIds: [nominationId],
      } = await openEvent(t.db, { nominations: [vocal(5)] });
      const [f] = await families(t.db, 1);
      const input = entryOf(eventId, nominationId!, f!.childId);
      const results = await Promise.all(
        Array.from({ length: 5 }, () => submitEntry(t.db, f!.submitter, input, BASE_URL, NOW)),
      );
      const ids = results.map((r) => (r.ok ? r.entryId : null));
      expect(new Set(ids).size).toBe(1);
      expect(ids[0]).not.toBeNull();
      expect(results.filter((r) => r.ok && !r.duplicate)).toHaveLength(1);
      expect(await statusCounts(t.db, "event_id", eventId)).toEqual({ confirmed: 1 });
    });

    it("keeps an event's own capacity across nominations: 100 simultaneous submissions in two nominations, 10 places", async () => {
      const { eventId, nominationIds } = await openEvent(t.db, { eventCapacity: 10, nominations: [vocal(), vocal()] });
      const crowd = await families(t.db, 100);
      const results = await Promise.all(
        crowd.map((f, i) =>
          submitEntry(t.db, f.submitter, entryOf(eventId, nominationIds[i % 2]!, f.childId), BASE_URL, NOW),
        ),
      );
      expect(results.every((r) => r.ok)).toBe(true);
      expect(await statusCounts(t.db, "event_id", eventId)).toEqual({ confirmed: 10, waitlisted: 90 });
    });

    it("withdrawals racing new submissions never overbook and never leave a place free while someone waits", async () => {
      const {
        eventId,
        nominationIds: [nominationId],
      } = await openEvent(t.db, { nominations: [vocal(20)] });
      const first = await families(t.db, 40);
      const entered = [];
      for (const f of first)
        entered.push({
          f,
          result: await submitEntry(t.db, f.submitter, entryOf(eventId, nominationId!, f.childId), BASE_URL, NOW),
        });
      const confirmed = entered.filter((e) => e.result.ok && e.result.status === "confirmed").slice(0, 15);
      const late = await families(t.db, 30);
      await Promise.all([
        ...confirmed.map((e) =>
          withdrawEntry(t.db, e.f.submitter, (e.result as { entryId: number }).entryId, BASE_URL, NOW),
        ),
        ...late.map((f) => submitEntry(t.db, f.submitter, entryOf(eventId, nominationId!, f.childId), BASE_URL, NOW)),
      ]);
      // 70 entries, 15 withdrawn: 20 confirmed, the other 35 waiting.
      expect(await statusCounts(t.db, "nomination_id", nominationId!)).toEqual({
        confirmed: 20,
        waitlisted: 35,
        withdrawn: 15,
      });
      expect(await placesCount(t.db, nominationId!)).toEqual({ counted: 20, confirmed: 20 });
    });
  },
);
