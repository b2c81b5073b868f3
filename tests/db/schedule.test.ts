import { describe, expect, it } from "vitest";

import type { DB } from "~/.server/platform/db.server";
import { draftConflicts, editDraft, generateDraft, publishDraft } from "~/.server/schedule/running-order.server";
import { getScheduleRound, localToMinutes, type RoundScope } from "~/.server/schedule/schedule-clock.server";
import { loadScheduleEditor } from "~/.server/schedule/schedule-editor.server";
import { loadSlots, versionOf } from "~/.server/schedule/schedule-versions.server";
import { addStage, addStageWindow, removeStageWindow } from "~/.server/schedule/stages.server";
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
    // The entry without a duration takes the default 4 minutes.
    const dias = slots.find((s) => s.entryId === f.entries.diasSolo)!;
    expect(dias.end - dias.start).toBe(5);
    expect(await draftConflicts(t.db, f.scope)).toEqual([]);
    const breaks = await t.db
      .selectFrom("schedule_slots")
      .select("stage_id")
      .where("version_id", "=", draft!.id)
      .where("kind", "=", "break")
      .execute();
    expect(breaks).toEqual([{ stage_id: f.stages.main }]);
    const log = await t.db
      .selectFrom("audit_log")
      .select("action")
      .where("event_id", "=", f.scope.eventId)
      .where("action", "=", "schedule.generate")
      .execute();
    expect(log).toHaveLength(2);
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
    const audit = await t.db
      .selectFrom("audit_log")
      .select("action")
      .where("event_id", "=", f.scope.eventId)
      .where("action", "=", "schedule.publish")
      .execute();
    expect(audit).toHaveLength(2);
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

    // Placing it by hand puts it in the draft for its duration on the grid (3 min → 5) and off the list.
    const at = localToMinutes(f.clock, "2026-12-10", "12:30")!;
    expect(
      await editDraft(t.db, f.organiser, f.scope, { kind: "move", entryId: late, stageId: f.stages.small, start: at }),
    ).toBe("done");
    const draft = await versionOf(t.db, f.scope.roundId, "draft");
    expect((await loadSlots(t.db, draft!.id, f.clock)).find((s) => s.entryId === late)).toEqual({
      entryId: late,
      stageId: f.stages.small,
      start: at,
      end: at + 5,
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
});
