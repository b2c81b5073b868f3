import { describe, expect, it } from "vitest";

import { ensureConsentTexts } from "#db/seed/consent-texts";
import type { DB } from "~/.server/platform/db.server";
import { giveConsent, withdrawConsent } from "~/.server/registration/children.server";
import { draftConflicts, editDraft, generateDraft, publishDraft } from "~/.server/schedule/running-order.server";
import { getScheduleRound, localToMinutes, type RoundScope } from "~/.server/schedule/schedule-clock.server";
import { loadScheduleEditor } from "~/.server/schedule/schedule-editor.server";
import { loadSlots, versionOf } from "~/.server/schedule/schedule-versions.server";
import { numberVersion } from "~/.server/schedule/slot-numbers.server";
import { addStage, addStageWindow, listStages, removeStageWindow } from "~/.server/schedule/stages.server";
import { createI18n } from "~/i18n";

import { engines, useTestDb } from "../setup/db";
import { ageGroupForm, asActor, createEventWithParts, insertUser, nominationForm, roundForm } from "./factories";

const PROGRAMME_URL = "https://toi.example.kz/events/shabyt/programme";
let seq = 0;

/**
 * A festival on 10 Dec 2026 with two stages, each open 10:00–13:00 Almaty time (the first with a
 * 11:00–11:30 break), and four confirmed entries from three families: Aruzhan sings and dances.
 */
async function festival(db: DB) {
  const organiser = asActor((await insertUser(db)).id);
  const {
    id: eventId,
    nominations: [vocal, dance],
    ageGroups: [younger, older],
  } = await createEventWithParts(db, organiser.id, {
    titleEn: `Shabyt ${++seq}`,
    startsOn: "2026-12-10",
    endsOn: "2026-12-10",
    nominations: [
      nominationForm({ nameEn: "Vocal", formats: { solo: [1, 1] } }),
      nominationForm({ nameEn: "Dance", discipline: "choreography", formats: { duet: [2, 2] } }),
    ],
    ageGroups: [ageGroupForm(7, 10), ageGroupForm(11, 14)],
    rounds: [roundForm({ kind: "final" })],
  });
  const round = await db.selectFrom("rounds").select("id").where("event_id", "=", eventId).executeTakeFirstOrThrow();
  const { clock } = (await getScheduleRound(db, { eventId, roundId: round.id }))!;
  const scope: RoundScope = { eventId, roundId: round.id, clock, locale: "en" };
  const main = await addStage(db, organiser, scope, { nameKk: "", nameRu: "", nameEn: "Main stage", venue: "Palace" });
  const small = await addStage(db, organiser, scope, {
    nameKk: "",
    nameRu: "",
    nameEn: "Small stage",
    venue: "Palace",
  });
  for (const stageId of [main, small]) {
    await addStageWindow(db, organiser, { ...scope, stageId }, clock, {
      kind: "open",
      date: "2026-12-10",
      from: "10:00",
      to: "13:00",
    });
  }
  await addStageWindow(db, organiser, { ...scope, stageId: main }, clock, {
    kind: "break",
    date: "2026-12-10",
    from: "11:00",
    to: "11:30",
  });

  const family = async (first: string) => {
    const parent = await insertUser(db, { email: `parent-${first.toLowerCase()}-${++seq}@example.kz` });
    const child = await db
      .insertInto("participants")
      .values({
        guardian_user_id: parent.id,
        last_name: "Test",
        first_name: first,
        birth_date: "2015-01-01",
        city: "almaty",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { parent, childId: child.id };
  };
  const entry = async (ageGroupId: number, title: string, childIds: number[], durationSeconds: number | null = 180) => {
    const nomination = childIds.length > 1 ? dance! : vocal!;
    const row = await db
      .insertInto("entries")
      .values({
        event_id: eventId,
        nomination_id: nomination.id,
        age_group_id: ageGroupId,
        format: childIds.length > 1 ? "duet" : "solo",
        title,
        duration_seconds: durationSeconds,
        status: "confirmed",
        reference: `SCH-${++seq}`,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("entry_members")
      .values(childIds.map((participant_id) => ({ entry_id: row.id, participant_id, nomination_id: nomination.id })))
      .execute();
    return row.id;
  };
  const aruzhan = await family("Aruzhan");
  const dias = await family("Dias");
  const timur = await family("Timur");
  const entries = {
    aruzhanSolo: await entry(younger!.id, "Aldi", [aruzhan.childId]),
    diasSolo: await entry(younger!.id, "Koktem", [dias.childId], null),
    duet: await entry(older!.id, "Dos", [aruzhan.childId, timur.childId], 240),
    timurSolo: await entry(older!.id, "Zhuldyz", [timur.childId]),
  };
  return {
    organiser,
    scope,
    clock,
    stages: { main, small },
    families: { aruzhan, dias, timur },
    entries,
    family,
    entry,
    younger: younger!.id,
  };
}

/** 200 minutes: longer than any stretch a stage is open (the small stage's 180). */
const TOO_LONG_SECONDS = 200 * 60;

async function scheduleEmails(db: DB, template: "schedule_changed" | "schedule_dropped" = "schedule_changed") {
  return db
    .selectFrom("outbox")
    .select(["to_email", "params", "locale"])
    .where("template", "=", template)
    .orderBy("to_email")
    .execute();
}

/** What the audit log holds for the event under `action`, oldest first. */
async function auditOf(db: DB, eventId: number, action: string) {
  return db
    .selectFrom("audit_log")
    .select("after")
    .where("event_id", "=", eventId)
    .where("action", "=", action)
    .orderBy("id")
    .execute();
}

describe.each(engines)("the running-order editor on %s", (engine) => {
  const t = useTestDb(engine);

  it("keeps stage windows as Almaty wall-clock times and removes them on request", async () => {
    const f = await festival(t.db);
    const windows = await t.db
      .selectFrom("stage_windows")
      .select(["id", "kind", "starts_at"])
      .where("stage_id", "=", f.stages.main)
      .orderBy("starts_at")
      .execute();
    expect(windows.map((w) => [w.kind, new Date(w.starts_at).toISOString()])).toEqual([
      ["open", "2026-12-10T05:00:00.000Z"],
      ["break", "2026-12-10T06:00:00.000Z"],
    ]);
    expect(await removeStageWindow(t.db, f.organiser, { ...f.scope, windowId: windows[1]!.id })).toBe(true);
    expect(
      await removeStageWindow(t.db, f.organiser, {
        ...f.scope,
        roundId: f.scope.roundId + 999,
        windowId: windows[0]!.id,
      }),
    ).toBe(false);
  });

  it("marks the draft's and the published running order's slots whose performer has no photo/video consent", async () => {
    const f = await festival(t.db);
    const { aruzhan, dias, timur } = f.families;
    await ensureConsentTexts(t.db);
    await giveConsent(t.db, { guardianId: aruzhan.parent.id }, aruzhan.childId, "photo_video");
    await giveConsent(t.db, { guardianId: timur.parent.id }, timur.childId, "photo_video");
    await giveConsent(t.db, { guardianId: dias.parent.id }, dias.childId, "photo_video");
    await withdrawConsent(t.db, { guardianId: dias.parent.id }, dias.childId, "photo_video");
    await generateDraft(t.db, f.organiser, f.scope);
    // Every slot of the day, over both stages: the draft's and (once published) the published version's.
    const marks = async (which: "draft" | "published") => {
      const marked: Record<number, boolean | undefined> = {};
      for (const stageId of [f.stages.main, f.stages.small]) {
        const editor = await loadScheduleEditor(t.db, f.scope, { day: "2026-12-10", stageId });
        for (const slot of editor[which]!.slots) marked[slot.entryId] = slot.noPhotoVideo;
      }
      return marked;
    };
    expect(await marks("draft")).toEqual({
      [f.entries.aruzhanSolo]: false,
      [f.entries.diasSolo]: true, // withdrawn consent
      [f.entries.duet]: false,
      [f.entries.timurSolo]: false,
    });
    // One performer of the duet withdraws: the duet is marked too.
    await withdrawConsent(t.db, { guardianId: timur.parent.id }, timur.childId, "photo_video");
    const expected = {
      [f.entries.aruzhanSolo]: false,
      [f.entries.diasSolo]: true,
      [f.entries.duet]: true,
      [f.entries.timurSolo]: true,
    };
    expect(await marks("draft")).toEqual(expected);
    await publishDraft(t.db, f.organiser, { ...f.scope, force: true, programmeUrl: PROGRAMME_URL });
    // The families' schedule emails are not this test's concern; the other tests count the outbox's.
    await t.db.deleteFrom("outbox").where("template", "in", ["schedule_changed", "schedule_dropped"]).execute();
    expect(await marks("published")).toEqual(expected);
  });

  it("generates a draft from the confirmed entries with no conflicts, replacing the old draft", async () => {
    const f = await festival(t.db);
    const first = await generateDraft(t.db, f.organiser, f.scope);
    expect(first).toMatchObject({ placed: 4, unplaced: [] });
    const firstDraft = await versionOf(t.db, f.scope.roundId, "draft");
    await generateDraft(t.db, f.organiser, f.scope);
    const draft = await versionOf(t.db, f.scope.roundId, "draft");
    expect(draft!.id).not.toBe(firstDraft!.id);
    const slots = await loadSlots(t.db, draft!.id, f.clock);
    expect(slots.map((s) => s.entryId).sort()).toEqual(Object.values(f.entries).sort());
    // The entry without a duration takes the default 4 minutes, to the minute.
    const dias = slots.find((s) => s.entryId === f.entries.diasSolo)!;
    expect(dias.end - dias.start).toBe(4);
    expect(await draftConflicts(t.db, f.scope)).toEqual([]);
    const breaks = await t.db
      .selectFrom("schedule_slots")
      .select("stage_id")
      .where("version_id", "=", draft!.id)
      .where("kind", "=", "break")
      .execute();
    expect(breaks).toEqual([{ stage_id: f.stages.main }]);
    expect(await auditOf(t.db, f.scope.eventId, "schedule.generate")).toHaveLength(2);
  });

  it("in a round after a remote round, schedules only the entries that advanced into it", async () => {
    const f = await festival(t.db);
    // A remote round before the final: the final now holds only what advanced into it.
    await t.db.insertInto("rounds").values({ event_id: f.scope.eventId, position: -1, kind: "remote" }).execute();
    expect(await generateDraft(t.db, f.organiser, f.scope)).toMatchObject({ placed: 0, unplaced: [] });
    await t.db
      .insertInto("round_entries")
      .values(
        [f.entries.aruzhanSolo, f.entries.duet].map((entry_id) => ({
          round_id: f.scope.roundId,
          entry_id,
          advanced_by_user_id: f.organiser.id,
        })),
      )
      .execute();
    expect(await generateDraft(t.db, f.organiser, f.scope)).toMatchObject({ placed: 2, unplaced: [] });
    const slots = await loadSlots(t.db, (await versionOf(t.db, f.scope.roundId, "draft"))!.id, f.clock);
    expect(
      slots
        .filter((s) => s.entryId !== null)
        .map((s) => s.entryId)
        .sort(),
    ).toEqual([f.entries.aruzhanSolo, f.entries.duet].sort());
  });

  it("follows the organiser's choices: older age groups first, and conflicts judged by the chosen changeover", async () => {
    const f = await festival(t.db);
    await generateDraft(t.db, f.organiser, f.scope, { changeoverMinutes: 10, minGapMinutes: 20, ageOrder: "older" });
    const draft = await versionOf(t.db, f.scope.roundId, "draft");
    expect(draft!.options).toEqual({ changeoverMinutes: 10, minGapMinutes: 20, ageOrder: "older" });
    const slots = await loadSlots(t.db, draft!.id, f.clock);
    const at = (entryId: number) => slots.find((s) => s.entryId === entryId)!;
    // Vocal: the 11–14 solo now comes before the 7–10 solos on its stage.
    const timur = at(f.entries.timurSolo);
    for (const younger of [f.entries.aruzhanSolo, f.entries.diasSolo]) {
      const slot = at(younger);
      if (slot.stageId === timur.stageId) expect(slot.start).toBeGreaterThan(timur.start);
    }
    expect(await draftConflicts(t.db, f.scope)).toEqual([]);
    // Two slots 5 minutes apart are fine by the default rules but too close with a 10-minute changeover.
    const [first, second] = slots.filter((s) => s.stageId === slots[0]!.stageId).sort((a, b) => a.start - b.start);
    await editDraft(t.db, f.organiser, f.scope, {
      kind: "move",
      entryId: second!.entryId,
      stageId: first!.stageId,
      start: first!.end + 5,
    });
    expect((await draftConflicts(t.db, f.scope)).map((c) => c.code)).toContain("double_booking");
  });

  it("reports a double booking after a move onto another slot, and none once it is moved back", async () => {
    const f = await festival(t.db);
    await generateDraft(t.db, f.organiser, f.scope);
    const draft = await versionOf(t.db, f.scope.roundId, "draft");
    const slots = await loadSlots(t.db, draft!.id, f.clock);
    const [a, b] = slots.filter((s) => s.stageId === slots[0]!.stageId).sort((x, y) => x.start - y.start);
    expect(a && b).toBeTruthy();

    expect(
      await editDraft(t.db, f.organiser, f.scope, {
        kind: "move",
        entryId: b!.entryId,
        stageId: a!.stageId,
        start: a!.start,
      }),
    ).toBe("done");
    const conflicts = await draftConflicts(t.db, f.scope);
    expect(conflicts.filter((c) => c.code === "double_booking").map((c) => [...c.entryIds].sort())).toContainEqual(
      [a!.entryId, b!.entryId].sort(),
    );

    expect(
      await editDraft(t.db, f.organiser, f.scope, {
        kind: "move",
        entryId: b!.entryId,
        stageId: b!.stageId,
        start: b!.start,
      }),
    ).toBe("done");
    expect(await draftConflicts(t.db, f.scope)).toEqual([]);
    expect(
      await editDraft(t.db, f.organiser, f.scope, {
        kind: "move",
        entryId: 999_999,
        stageId: a!.stageId,
        start: a!.start,
      }),
    ).toBe("missing");
  });

  it("publishes only without conflicts unless told to, swaps versions and emails exactly the changed families", async () => {
    const f = await festival(t.db);
    await generateDraft(t.db, f.organiser, f.scope);
    const publish = (force = false) =>
      publishDraft(t.db, f.organiser, { ...f.scope, force, programmeUrl: PROGRAMME_URL });

    const first = await publish();
    expect(first).toMatchObject({ status: "published", emailed: 3 });
    expect((await scheduleEmails(t.db)).map((e) => e.to_email)).toEqual(
      [f.families.aruzhan, f.families.dias, f.families.timur].map((x) => x.parent.email).sort(),
    );
    expect(await publish()).toEqual({ status: "no_draft" });

    // A new draft is edited while the published version stays as it was.
    await generateDraft(t.db, f.organiser, f.scope);
    const published = await versionOf(t.db, f.scope.roundId, "published");
    const before = await loadSlots(t.db, published!.id, f.clock);
    const later = localToMinutes(f.clock, "2026-12-10", "12:40")!;
    expect(before.find((s) => s.entryId === f.entries.duet)!.start).not.toBe(later);
    await editDraft(t.db, f.organiser, f.scope, {
      kind: "move",
      entryId: f.entries.duet,
      stageId: f.stages.main,
      start: later,
    });
    expect(await loadSlots(t.db, published!.id, f.clock)).toEqual(before);

    // A clash blocks publishing until the organiser insists.
    const other = before.find((s) => s.entryId === f.entries.timurSolo)!;
    await editDraft(t.db, f.organiser, f.scope, {
      kind: "move",
      entryId: f.entries.aruzhanSolo,
      stageId: other.stageId,
      start: other.start,
    });
    expect(await publish()).toMatchObject({ status: "conflicts" });
    expect((await versionOf(t.db, f.scope.roundId, "published"))!.id).toBe(published!.id);
    const aruzhanBefore = before.find((s) => s.entryId === f.entries.aruzhanSolo)!;
    await editDraft(t.db, f.organiser, f.scope, {
      kind: "move",
      entryId: f.entries.aruzhanSolo,
      stageId: aruzhanBefore.stageId,
      start: aruzhanBefore.start,
    });
    expect(await draftConflicts(t.db, f.scope)).toEqual([]);

    await t.db.deleteFrom("outbox").execute();
    const second = await publish();
    // The duet moved: both of its families hear about it, Dias's family does not.
    expect(second).toMatchObject({ status: "published", emailed: 2 });
    const emails = await scheduleEmails(t.db);
    expect(emails.map((e) => e.to_email)).toEqual(
      [f.families.aruzhan.parent.email, f.families.timur.parent.email].sort(),
    );
    expect(JSON.stringify(emails[0]!.params)).toContain("12:40, Main stage");

    const statuses = await t.db
      .selectFrom("schedule_versions")
      .select(["id", "status"])
      .where("round_id", "=", f.scope.roundId)
      .orderBy("id")
      .execute();
    expect(statuses.map((s) => s.status)).toEqual(["superseded", "published"]);
    expect(statuses[0]!.id).toBe(published!.id);
    expect(await auditOf(t.db, f.scope.eventId, "schedule.publish")).toHaveLength(2);
  });

  it("keeps what could not be placed with the draft, and reports an entry confirmed since as not in it", async () => {
    const f = await festival(t.db);
    await t.db
      .updateTable("entries")
      .set({ duration_seconds: TOO_LONG_SECONDS })
      .where("id", "=", f.entries.diasSolo)
      .execute();
    const generated = await generateDraft(t.db, f.organiser, f.scope);
    expect(generated).toMatchObject({
      placed: 3,
      unplaced: [{ entryId: f.entries.diasSolo, reason: "too_long_for_any_window" }],
    });
    expect((await versionOf(t.db, f.scope.roundId, "draft"))!.options.unplaced).toEqual([
      {
        entryId: f.entries.diasSolo,
        reason: "too_long_for_any_window",
        params: { durationMinutes: 200, longestWindowMinutes: 180 },
      },
    ]);

    // A later load (the page after a reload) still explains it, in the reader's language.
    const editor = await loadScheduleEditor(t.db, { ...f.scope, locale: "ru" });
    expect(editor.draft!.unplaced).toEqual([
      {
        entryId: f.entries.diasSolo,
        reason: "too_long_for_any_window",
        vars: { entry: "«Koktem» (Dias Test)", durationMinutes: 200, longestWindowMinutes: 180 },
      },
    ]);
    const { t: tr } = createI18n("ru");
    const text = (u: { reason: string; vars: Record<string, string | number> }) =>
      tr(`schedule.unplaced.${u.reason}`, { ...u.vars, interpolation: { escapeValue: false } });
    expect(text(editor.draft!.unplaced[0]!)).toBe(
      "«Koktem» (Dias Test) длится 200 мин — дольше любого свободного отрезка на сценах (180 мин).",
    );

    // An entry confirmed after generation is not in this draft; one withdrawn since drops out of the list.
    const aigul = await f.family("Aigul");
    const late = await f.entry(f.younger, "Zhanga", [aigul.childId]);
    await t.db.updateTable("entries").set({ status: "withdrawn" }).where("id", "=", f.entries.diasSolo).execute();
    const now = await loadScheduleEditor(t.db, { ...f.scope, locale: "en" });
    expect(now.draft!.unplaced).toEqual([
      { entryId: late, reason: "not_in_draft", vars: { entry: "«Zhanga» (Aigul Test)" } },
    ]);
    expect(createI18n("en").t("schedule.unplaced.not_in_draft", now.draft!.unplaced[0]!.vars)).toContain(
      "«Zhanga» (Aigul Test) is not in this draft",
    );

    // Placing it by hand puts it in the draft for its exact duration (3 min) and off the list.
    const at = localToMinutes(f.clock, "2026-12-10", "12:30")!;
    expect(
      await editDraft(t.db, f.organiser, f.scope, { kind: "move", entryId: late, stageId: f.stages.small, start: at }),
    ).toBe("done");
    const draft = await versionOf(t.db, f.scope.roundId, "draft");
    expect((await loadSlots(t.db, draft!.id, f.clock)).find((s) => s.entryId === late)).toEqual({
      entryId: late,
      stageId: f.stages.small,
      start: at,
      end: at + 3,
    });
    expect((await loadScheduleEditor(t.db, f.scope)).draft!.unplaced).toEqual([]);
    // A withdrawn entry is not placed by hand.
    expect(
      await editDraft(t.db, f.organiser, f.scope, {
        kind: "move",
        entryId: f.entries.diasSolo,
        stageId: f.stages.small,
        start: at + 30,
      }),
    ).toBe("missing");
  });

  it("emails the family of a still-confirmed entry that drops out of the new version, and no one else about it", async () => {
    const f = await festival(t.db);
    await generateDraft(t.db, f.organiser, f.scope);
    expect(
      await publishDraft(t.db, f.organiser, { ...f.scope, force: false, programmeUrl: PROGRAMME_URL }),
    ).toMatchObject({ status: "published", emailed: 3 });
    await t.db.deleteFrom("outbox").execute();

    // Dias's piece grows too long to place; Timur's solo is withdrawn. Both leave the running order.
    await t.db
      .updateTable("entries")
      .set({ duration_seconds: TOO_LONG_SECONDS })
      .where("id", "=", f.entries.diasSolo)
      .execute();
    await t.db.updateTable("entries").set({ status: "withdrawn" }).where("id", "=", f.entries.timurSolo).execute();
    await generateDraft(t.db, f.organiser, f.scope);

    // Before publishing, the organiser sees who will be told.
    const editor = await loadScheduleEditor(t.db, f.scope);
    expect(editor.draft!.dropped).toEqual(["«Koktem» (Dias Test)"]);
    expect(editor.draft!.unplaced.map((u) => [u.entryId, u.reason])).toEqual([
      [f.entries.diasSolo, "too_long_for_any_window"],
    ]);

    const result = await publishDraft(t.db, f.organiser, { ...f.scope, force: false, programmeUrl: PROGRAMME_URL });
    const dropped = await scheduleEmails(t.db, "schedule_dropped");
    // In the family's language (Russian here): the event's Russian title.
    expect(dropped).toEqual([
      {
        to_email: f.families.dias.parent.email,
        locale: "ru",
        params: { name: "Test User", event: "Тестовый фестиваль", url: PROGRAMME_URL, entries: "Dias «Koktem»" },
      },
    ]);
    const changed = await scheduleEmails(t.db);
    expect(changed.map((e) => e.to_email)).not.toContain(f.families.dias.parent.email);
    expect(JSON.stringify(changed)).not.toContain("Zhuldyz");
    expect(result).toEqual({ status: "published", versionId: expect.any(Number), emailed: changed.length + 1 });
    const audit = await t.db
      .selectFrom("audit_log")
      .select("after")
      .where("event_id", "=", f.scope.eventId)
      .where("action", "=", "schedule.publish")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ dropped_entries: [f.entries.diasSolo] });

    // Publishing again without it tells nobody a second time.
    await generateDraft(t.db, f.organiser, f.scope);
    await t.db.deleteFrom("outbox").execute();
    await publishDraft(t.db, f.organiser, { ...f.scope, force: false, programmeUrl: PROGRAMME_URL });
    expect(await scheduleEmails(t.db, "schedule_dropped")).toEqual([]);
  });

  /** The draft's slots as numbered on the page: day by day, stage by stage, by start. */
  async function numbered(f: Awaited<ReturnType<typeof festival>>) {
    const draft = await versionOf(t.db, f.scope.roundId, "draft");
    const stages = await listStages(t.db, f.scope.roundId, f.clock);
    return numberVersion(await loadSlots(t.db, draft!.id, f.clock), stages, f.clock);
  }

  it("shows one stage's day at a time, numbered day by day and stage by stage, and opens the page of a slot found", async () => {
    const f = await festival(t.db);
    await generateDraft(t.db, f.organiser, f.scope);
    const { aruzhanSolo, diasSolo, duet, timurSolo } = f.entries;
    // The generator put the vocal 7–10 and the duet on the main stage, Timur's solo on the small one.
    expect((await numbered(f)).map((s) => [s.position, s.entryId, s.stageId])).toEqual([
      [1, aruzhanSolo, f.stages.main],
      [2, diasSolo, f.stages.main],
      [3, duet, f.stages.main],
      [4, timurSolo, f.stages.small],
    ]);
    const references = new Map(
      (await t.db.selectFrom("entries").select(["id", "reference"]).execute()).map((e) => [e.id, e.reference]),
    );

    const first = await loadScheduleEditor(t.db, f.scope);
    expect(first.sections).toEqual([
      { date: "2026-12-10", stageId: f.stages.main, slots: 3, conflicts: 0 },
      { date: "2026-12-10", stageId: f.stages.small, slots: 1, conflicts: 0 },
    ]);
    expect(first.view).toEqual({
      days: ["2026-12-10"],
      date: "2026-12-10",
      stageId: f.stages.main,
      page: 1,
      pages: 1,
      offset: 0,
      total: 3,
      highlight: null,
    });
    expect(first.draft!.slots.map((s) => [s.position, s.label, s.reference, s.time])).toEqual([
      // Exact minutes: 3 + 5 minutes' changeover; then the duet waits for Aruzhan's 15-minute gap.
      [1, "«Aldi» (Aruzhan Test)", references.get(aruzhanSolo), "10:00"],
      [2, "«Koktem» (Dias Test)", references.get(diasSolo), "10:08"],
      [3, "«Dos» (Aruzhan Test, Timur Test)", references.get(duet), "10:18"],
    ]);

    const small = await loadScheduleEditor(t.db, f.scope, { day: "2026-12-10", stageId: f.stages.small, page: 9 });
    expect(small.view).toMatchObject({ stageId: f.stages.small, page: 1, total: 1, highlight: null });
    expect(small.draft!.slots.map((s) => s.entryId)).toEqual([timurSolo]);
    // A day or stage the round does not have falls back to the first with slots.
    expect((await loadScheduleEditor(t.db, f.scope, { day: "2030-01-01", stageId: 999_999 })).view).toMatchObject({
      date: "2026-12-10",
      stageId: f.stages.main,
    });

    // By number, or by a search naming one slot: that slot's page, the slot marked.
    expect((await loadScheduleEditor(t.db, f.scope, { at: 4 })).view).toMatchObject({
      stageId: f.stages.small,
      highlight: timurSolo,
    });
    expect((await loadScheduleEditor(t.db, f.scope, { find: "dias" })).view).toMatchObject({
      stageId: f.stages.main,
      highlight: diasSolo,
    });
    expect(
      (await loadScheduleEditor(t.db, f.scope, { find: references.get(timurSolo)!.toLowerCase() })).view,
    ).toMatchObject({ highlight: timurSolo });
    // A search naming several lists them by number; one naming none says so.
    const several = await loadScheduleEditor(t.db, f.scope, { find: " Timur " });
    expect(several.find).toMatchObject({ query: "Timur", count: 2 });
    expect(several.find!.matches.map((m) => [m.position, m.stage, m.time])).toEqual([
      [3, "Main stage", "10:18"],
      [4, "Small stage", "10:00"],
    ]);
    expect((await loadScheduleEditor(t.db, f.scope, { find: "Nobody" })).find).toEqual({
      query: "Nobody",
      count: 0,
      matches: [],
    });
  });

  it("swaps with a slot named by its number or a search, and refuses a stale number or a name it cannot tell", async () => {
    const f = await festival(t.db);
    await generateDraft(t.db, f.organiser, f.scope);
    const { aruzhanSolo, diasSolo, timurSolo } = f.entries;
    const before = await numbered(f);
    const stamp = (await loadScheduleEditor(t.db, f.scope)).draft!.stamp;
    const named = (kind: "swap" | "moveTo", entryId: number, query: string, at: string | null = stamp) =>
      editDraft(t.db, f.organiser, f.scope, { kind, entryId, other: { query, stamp: at } });
    const startsOf = async () => new Map((await numbered(f)).map((s) => [s.entryId, [s.stageId, s.start]]));

    // Aruzhan's solo (No. 1) swaps with No. 4, Timur's solo on the small stage: each takes the other's place.
    expect(await named("swap", aruzhanSolo, "#4")).toBe("done");
    const swapped = await startsOf();
    expect(swapped.get(aruzhanSolo)).toEqual([f.stages.small, before[0]!.start]);
    expect(swapped.get(timurSolo)).toEqual([f.stages.main, before[0]!.start]);

    // The numbers have moved on: the old page's No. 1 is now Timur's solo, so a number read there is refused.
    expect(await named("swap", diasSolo, "1")).toEqual({ problem: "stale" });
    expect(await startsOf()).toEqual(swapped);
    const fresh = (await loadScheduleEditor(t.db, f.scope)).draft!.stamp;
    expect(fresh).not.toBe(stamp);

    // A search needs no stamp: by the reference code, Aruzhan's solo swaps back with Timur's.
    const { reference } = await t.db
      .selectFrom("entries")
      .select("reference")
      .where("id", "=", timurSolo)
      .executeTakeFirstOrThrow();
    expect(await named("swap", aruzhanSolo, reference.toLowerCase(), null)).toBe("done");
    expect((await numbered(f)).map((s) => [s.entryId, s.stageId, s.start])).toEqual(
      before.map((s) => [s.entryId, s.stageId, s.start]),
    );

    // What cannot be told is said, and nothing changes.
    const now = (await loadScheduleEditor(t.db, f.scope)).draft!.stamp;
    expect(now).toBe(stamp);
    const many = await named("swap", diasSolo, "Timur");
    expect(many).toMatchObject({ problem: "many", count: 2 });
    expect(
      typeof many === "object" && "candidates" in many && many.candidates.map((c) => [c.position, c.label]),
    ).toEqual([
      [3, "«Dos» (Aruzhan Test, Timur Test)"],
      [4, "«Zhuldyz» (Timur Test)"],
    ]);
    expect(await named("swap", diasSolo, "  ")).toEqual({ problem: "empty" });
    expect(await named("swap", diasSolo, "Nobody")).toEqual({ problem: "none" });
    expect(await named("swap", diasSolo, "#9")).toEqual({ problem: "none" });
    expect(await named("swap", diasSolo, "№ 2")).toEqual({ problem: "same" });
    expect(await named("swap", 999_999, "#2")).toBe("missing");
    expect((await numbered(f)).map((s) => [s.entryId, s.stageId, s.start])).toEqual(
      before.map((s) => [s.entryId, s.stageId, s.start]),
    );
    expect((await auditOf(t.db, f.scope.eventId, "schedule.swap")).map((l) => l.after)).toEqual([
      { kind: "swap", entryId: aruzhanSolo, otherEntryId: timurSolo, named: "#4" },
      { kind: "swap", entryId: aruzhanSolo, otherEntryId: timurSolo, named: reference.toLowerCase() },
    ]);
  });

  it("moves a slot into another's place: it takes that number, and the slots after it move later as needed", async () => {
    const f = await festival(t.db);
    await generateDraft(t.db, f.organiser, f.scope);
    const { aruzhanSolo, diasSolo, duet, timurSolo } = f.entries;
    const at = (time: string) => localToMinutes(f.clock, "2026-12-10", time)!;
    const stampNow = async () => (await loadScheduleEditor(t.db, f.scope)).draft!.stamp;
    const moveTo = async (entryId: number, query: string) =>
      editDraft(t.db, f.organiser, f.scope, { kind: "moveTo", entryId, other: { query, stamp: await stampNow() } });
    const order = async () => (await numbered(f)).map((s) => [s.position, s.entryId, s.stageId, s.start]);

    // Later on its own stage's day: No. 1 goes after No. 3 (ending 10:22, then 5 minutes' changeover),
    // and becomes No. 3.
    expect(await moveTo(aruzhanSolo, "3")).toBe("done");
    expect(await order()).toEqual([
      [1, diasSolo, f.stages.main, at("10:08")],
      [2, duet, f.stages.main, at("10:18")],
      [3, aruzhanSolo, f.stages.main, at("10:27")],
      [4, timurSolo, f.stages.small, at("10:00")],
    ]);

    // From the small stage into No. 1's place: it starts there, and the three after it are pushed on,
    // each to 5 minutes after the one before.
    expect(await moveTo(timurSolo, "#1")).toBe("done");
    expect(await order()).toEqual([
      [1, timurSolo, f.stages.main, at("10:08")],
      [2, diasSolo, f.stages.main, at("10:16")],
      [3, duet, f.stages.main, at("10:25")],
      [4, aruzhanSolo, f.stages.main, at("10:34")],
    ]);
    // What that broke is shown: Timur sings 10:08–10:11 and dances in the duet at 10:25, and Aruzhan
    // sings again 5 minutes after the duet, each less than the 15 minutes they need; and the duet now
    // sits inside the 7–10 vocal block.
    expect((await draftConflicts(t.db, f.scope)).map((c) => c.code)).toEqual([
      "gap_too_short",
      "gap_too_short",
      "panel_interleaved",
    ]);
    expect(await auditOf(t.db, f.scope.eventId, "schedule.moveTo")).toHaveLength(2);
  });
});
