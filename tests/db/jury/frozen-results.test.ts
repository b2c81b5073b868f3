import { describe, expect, it } from "vitest";

import { addConflict, loadConflictsPage, removeConflict } from "~/.server/jury/conflicts.server";
import {
  addCriterion,
  applyStandardCriteria,
  copyCriteriaToAll,
  moveCriterion,
  removeCriterion,
  updateCriterion,
} from "~/.server/jury/criteria.server";
import { listCriteria } from "~/.server/jury/criteria-page.server";
import { addJudge, copyPanelToRound, removeJudge, setChair } from "~/.server/jury/panels.server";
import { listPanels } from "~/.server/jury/panels-page.server";
import { readScoringRules, saveScoringRules } from "~/.server/jury/scoring-rules.server";
import { conflictSchema } from "~/schemas/jury";

import { engines, useTestDb } from "../../setup/db";
import { insertUser } from "../factories";
import { addedId, auditActions, BASE, contest, criterion, seq } from "./contest";

describe.each(engines)("jury setup on %s", (engine) => {
  const t = useTestDb(engine);

  it("freezes what locked results were computed from: criteria, panels, conflicts and the scoring rules", async () => {
    const c = await contest(t.db);
    const vocal = { eventId: c.eventId, nominationId: c.nominations.vocal };
    const technique = await addedId(addCriterion(t.db, c.organiser, vocal, criterion({ nameEn: "Technique" })));
    const artistry = await addedId(addCriterion(t.db, c.organiser, vocal, criterion({ nameEn: "Artistry" })));
    const colour = await addedId(
      addCriterion(
        t.db,
        c.organiser,
        { eventId: c.eventId, nominationId: c.nominations.art },
        criterion({ nameEn: "Colour" }),
      ),
    );
    const person = (x: string) =>
      insertUser(t.db, { email: `frozen-${x}-${seq}@example.kz`, name: `Judge ${x}`, passwordHash: "fake$pw" });
    const [young, old, spare, artist] = await Promise.all(["young", "old", "spare", "artist"].map(person));
    const seat = async (
      roundId: number,
      nominationId: number,
      ageGroupId: number | null,
      who: { email: string },
      chair = false,
    ) =>
      addJudge(
        t.db,
        c.organiser,
        { eventId: c.eventId, roundId, nominationId, ageGroupId, email: who.email, name: "", locale: "en", chair },
        BASE,
      );
    expect(await seat(c.rounds.final, c.nominations.vocal, c.ageGroups.younger, young!)).toMatchObject({
      status: "added",
    });
    expect(await seat(c.rounds.final, c.nominations.vocal, c.ageGroups.older, old!)).toMatchObject({ status: "added" });
    expect(await seat(c.rounds.final, c.nominations.art, c.ageGroups.younger, artist!)).toMatchObject({
      status: "added",
    });
    const before = await addConflict(t.db, c.organiser, {
      eventId: c.eventId,
      ...conflictSchema.parse({
        userId: String(young!.id),
        target: `participant:${c.children.dias.participantId}`,
        note: "",
      }),
    });
    expect(before).toBe("added");
    const rules = {
      aggregation: "median" as const,
      tieBreaks: ["chair" as const],
      sharedPlaces: true,
      awardMode: "rank" as const,
      bands: [],
      grandPrixAcrossAgeGroups: false,
    };
    expect(await saveScoringRules(t.db, c.organiser, c.eventId, rules)).toBe("saved");

    // Both children sing in Vocal 7–10: that section of the final is locked.
    const section = await t.db
      .insertInto("result_sections")
      .values({
        round_id: c.rounds.final,
        nomination_id: c.nominations.vocal,
        age_group_id: c.ageGroups.younger,
        locked_at: new Date(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const locked = {
      status: "locked",
      sections: [{ roundId: c.rounds.final, nominationId: c.nominations.vocal, ageGroupId: c.ageGroups.younger }],
    };
    const auditBefore = (await auditActions(t.db, c.eventId)).length;

    // The Vocal criteria are frozen, in every round: totals and the first-criterion tie-break use them.
    expect(await addCriterion(t.db, c.organiser, vocal, criterion({ nameEn: "Repertoire" }))).toEqual(locked);
    expect(
      await updateCriterion(
        t.db,
        c.organiser,
        { eventId: c.eventId, criterionId: technique },
        criterion({ nameEn: "Technique", maxScore: "20" }),
      ),
    ).toEqual(locked);
    expect(
      await moveCriterion(t.db, c.organiser, { eventId: c.eventId, criterionId: artistry, direction: "up" }),
    ).toEqual(locked);
    expect(
      await removeCriterion(t.db, c.organiser, { eventId: c.eventId, criterionId: artistry, confirm: true }),
    ).toEqual({ ...locked, scores: 0 });
    expect(await applyStandardCriteria(t.db, c.organiser, vocal)).toEqual(locked);
    // The fine-art criteria still change, and a copy of them leaves Vocal as it is.
    expect(
      await updateCriterion(
        t.db,
        c.organiser,
        { eventId: c.eventId, criterionId: colour },
        criterion({ nameEn: "Colour", weight: "2" }),
      ),
    ).toEqual({ status: "saved" });
    expect(await copyCriteriaToAll(t.db, c.organiser, { eventId: c.eventId, nominationId: c.nominations.art })).toEqual(
      { status: "copied", copied: 0, skipped: 0, locked: 1 },
    );
    expect((await listCriteria(t.db, c.eventId, "en"))[0]!.criteria.map((x) => [x.name, x.maxScore, x.weight])).toEqual(
      [
        ["Technique", "10", "1"],
        ["Artistry", "10", "1"],
      ],
    );

    // The final's Vocal 7–10 panel, and an all-age-groups panel that would cover it, are frozen; 11–14 and the remote round are not.
    const youngSeat = (await listPanels(t.db, c.eventId)).find(
      (p) => p.ageGroupId === c.ageGroups.younger && p.nominationId === c.nominations.vocal,
    )!.judges[0]!;
    expect(await seat(c.rounds.final, c.nominations.vocal, c.ageGroups.younger, spare!)).toEqual(locked);
    expect(await seat(c.rounds.final, c.nominations.vocal, null, spare!)).toEqual(locked);
    expect(await removeJudge(t.db, c.organiser, { eventId: c.eventId, assignmentId: youngSeat.assignmentId })).toEqual(
      locked,
    );
    expect(
      await setChair(t.db, c.organiser, { eventId: c.eventId, assignmentId: youngSeat.assignmentId, chair: true }),
    ).toEqual(locked);
    expect(await seat(c.rounds.final, c.nominations.vocal, c.ageGroups.older, spare!)).toMatchObject({
      status: "added",
    });
    expect(await seat(c.rounds.remote, c.nominations.vocal, c.ageGroups.younger, spare!)).toMatchObject({
      status: "added",
    });
    // Copying the art panel to the other nominations passes over the locked one.
    expect(
      await copyPanelToRound(t.db, c.organiser, {
        eventId: c.eventId,
        roundId: c.rounds.final,
        nominationId: c.nominations.art,
        ageGroupId: c.ageGroups.younger,
      }),
    ).toEqual({ status: "copied", added: 0, locked: 1 });

    // A conflict that changes who scores a locked entry is refused both ways; others are not.
    const conflict = (userId: number, target: string) =>
      addConflict(t.db, c.organiser, {
        eventId: c.eventId,
        ...conflictSchema.parse({ userId: String(userId), target, note: "" }),
      });
    expect(await conflict(young!.id, `club:${c.clubs.shanyrak}`)).toEqual(locked);
    expect(await conflict(young!.id, `club:${c.clubs.idle}`)).toBe("added");
    expect(await conflict(old!.id, `club:${c.clubs.shanyrak}`)).toBe("added");
    const page = await loadConflictsPage(t.db, c.eventId, "en");
    const conflicts = page.judges.flatMap((j) => j.conflicts.map((x) => ({ judge: j.id, ...x })));
    const dias = conflicts.find((x) => x.judge === young!.id && x.kind === "participant")!;
    expect(conflicts.map((x) => [x.judge, x.kind, x.frozen])).toEqual(
      expect.arrayContaining([
        [young!.id, "participant", true],
        [young!.id, "club", false],
        [old!.id, "club", false],
      ]),
    );
    expect(await removeConflict(t.db, c.organiser, { eventId: c.eventId, conflictId: dias.id })).toEqual(locked);

    // The event's scoring rules are frozen while any of its sections is locked.
    expect(await saveScoringRules(t.db, c.organiser, c.eventId, { ...rules, aggregation: "mean" })).toEqual(locked);
    expect(await readScoringRules(t.db, c.eventId)).toEqual(rules);
    // The refusals wrote nothing; the allowed changes were logged.
    expect((await auditActions(t.db, c.eventId)).slice(auditBefore)).toEqual([
      "criterion.update",
      "criteria.copy",
      "jury.add_judge",
      "role.grant",
      "jury.add_judge",
      "jury.copy_panel",
      "conflict.add",
      "conflict.add",
    ]);

    // Unlocked, everything may change again.
    await t.db.updateTable("result_sections").set({ locked_at: null }).where("id", "=", section.id).execute();
    expect(await removeConflict(t.db, c.organiser, { eventId: c.eventId, conflictId: dias.id })).toBe("removed");
    expect(
      await moveCriterion(t.db, c.organiser, { eventId: c.eventId, criterionId: artistry, direction: "up" }),
    ).toEqual({ status: "moved" });
    expect(await removeJudge(t.db, c.organiser, { eventId: c.eventId, assignmentId: youngSeat.assignmentId })).toBe(
      "removed",
    );
    expect(await saveScoringRules(t.db, c.organiser, c.eventId, { ...rules, aggregation: "mean" })).toBe("saved");
  });
});
