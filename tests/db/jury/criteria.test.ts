import { describe, expect, it } from "vitest";

import {
  addCriterion,
  applyStandardCriteria,
  copyCriteriaToAll,
  moveCriterion,
  removeCriterion,
  updateCriterion,
} from "~/.server/jury/criteria.server";
import { listCriteria } from "~/.server/jury/criteria-page.server";
import { criterionSchema } from "~/schemas/jury";

import { engines, useTestDb } from "../../setup/db";
import { insertUser } from "../factories";
import { addedId, auditActions, contest, criterion } from "./contest";

describe.each(engines)("jury setup on %s", (engine) => {
  const t = useTestDb(engine);

  it("adds, edits, reorders and removes criteria, with weight 1 when left empty and names falling back", async () => {
    const c = await contest(t.db);
    const scope = { eventId: c.eventId, nominationId: c.nominations.vocal };
    const technique = await addedId(
      addCriterion(t.db, c.organiser, scope, criterion({ nameEn: "Technique", maxScore: "10" })),
    );
    const artistry = await addedId(
      addCriterion(t.db, c.organiser, scope, criterion({ nameRu: "Артистизм", maxScore: "10", weight: "1,5" })),
    );
    expect(technique && artistry).toBeTruthy();

    let [vocal] = await listCriteria(t.db, c.eventId, "kk");
    expect(vocal!.criteria.map((x) => [x.name, x.maxScore, x.weight])).toEqual([
      ["Technique", "10", "1"],
      ["Артистизм", "10", "1.5"],
    ]);

    expect(
      await updateCriterion(
        t.db,
        c.organiser,
        { eventId: c.eventId, criterionId: technique },
        criterion({ nameKk: "Техника", nameEn: "Technique", maxScore: "20", weight: "2" }),
      ),
    ).toEqual({ status: "saved" });
    expect(
      await moveCriterion(t.db, c.organiser, { eventId: c.eventId, criterionId: artistry, direction: "up" }),
    ).toEqual({ status: "moved" });
    // Moving the first one up again changes nothing.
    expect(
      await moveCriterion(t.db, c.organiser, { eventId: c.eventId, criterionId: artistry, direction: "up" }),
    ).toEqual({ status: "moved" });
    [vocal] = await listCriteria(t.db, c.eventId, "kk");
    expect(vocal!.criteria.map((x) => [x.name, x.maxScore, x.weight])).toEqual([
      ["Артистизм", "10", "1.5"],
      ["Техника", "20", "2"],
    ]);

    expect(
      await removeCriterion(t.db, c.organiser, { eventId: c.eventId, criterionId: artistry, confirm: false }),
    ).toEqual({ status: "removed", nominationId: c.nominations.vocal });
    [vocal] = await listCriteria(t.db, c.eventId, "en");
    expect(vocal!.criteria.map((x) => x.name)).toEqual(["Technique"]);
    expect(await auditActions(t.db, c.eventId)).toEqual(
      expect.arrayContaining(["criterion.add", "criterion.update", "criterion.move", "criterion.remove"]),
    );
  });

  it("refuses bad criteria in the schema: no name, a zero maximum, a negative weight", () => {
    const result = criterionSchema.safeParse({ nameKk: " ", nameRu: "", nameEn: "", maxScore: "0", weight: "-1" });
    expect(result.success).toBe(false);
    const messages = Object.fromEntries(result.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(messages).toMatchObject({
      maxScore: "jury.errors.maxScore",
      weight: "jury.errors.weight",
      nameRu: "errors.nameOneLanguage",
    });
    expect(criterionSchema.safeParse({ nameRu: "Артистизм", maxScore: "ten" }).error!.issues[0]).toMatchObject({
      path: ["maxScore"],
      message: "jury.errors.maxScore",
    });
    expect(
      criterionSchema.safeParse({ nameRu: "", nameKk: "", nameEn: "", maxScore: "", weight: "" }).error!.issues[0],
    ).toMatchObject({ path: ["maxScore"], message: "errors.required" });
    expect(
      criterionSchema.safeParse({ nameRu: "", nameKk: "", nameEn: "", maxScore: "10", weight: "" }).error!.issues[0],
    ).toMatchObject({ path: ["nameRu"], message: "errors.nameOneLanguage" });
  });

  it("keeps a criterion that judges have scored until the organiser confirms, and never while results are locked", async () => {
    const c = await contest(t.db);
    const criterionId = await addedId(
      addCriterion(
        t.db,
        c.organiser,
        { eventId: c.eventId, nominationId: c.nominations.vocal },
        criterion({ nameEn: "Technique" }),
      ),
    );
    const judge = await insertUser(t.db);
    await t.db
      .insertInto("scores")
      .values({
        round_id: c.rounds.remote,
        entry_id: c.children.aruzhan.entryId,
        judge_user_id: judge.id,
        criterion_id: criterionId,
        value: 8,
        version: 1,
      })
      .execute();
    const remove = (confirm: boolean) =>
      removeCriterion(t.db, c.organiser, { eventId: c.eventId, criterionId, confirm });

    expect(await remove(false)).toEqual({ status: "scored", scores: 1 });
    const section = await t.db
      .insertInto("result_sections")
      .values({
        round_id: c.rounds.remote,
        nomination_id: c.nominations.vocal,
        age_group_id: c.ageGroups.younger,
        locked_at: new Date(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect(await remove(true)).toEqual({
      status: "locked",
      scores: 1,
      sections: [{ roundId: c.rounds.remote, nominationId: c.nominations.vocal, ageGroupId: c.ageGroups.younger }],
    });
    expect(
      await t.db.selectFrom("scores").select("value").where("criterion_id", "=", criterionId).execute(),
    ).toHaveLength(1);

    await t.db.updateTable("result_sections").set({ locked_at: null }).where("id", "=", section.id).execute();
    expect(await remove(true)).toEqual({ status: "removed", nominationId: c.nominations.vocal });
    expect(await t.db.selectFrom("scores").select("value").where("criterion_id", "=", criterionId).execute()).toEqual(
      [],
    );
    const log = await t.db
      .selectFrom("audit_log")
      .select("before")
      .where("action", "=", "criterion.remove")
      .where("event_id", "=", c.eventId)
      .executeTakeFirstOrThrow();
    expect(log.before).toMatchObject({ id: criterionId, scores: 1 });
  });

  it("gives the standard criteria by discipline and copies a nomination's criteria to the others", async () => {
    const c = await contest(t.db);
    const scope = (nominationId: number) => ({ eventId: c.eventId, nominationId });
    expect(await applyStandardCriteria(t.db, c.organiser, scope(c.nominations.art))).toBe("added");
    expect(await applyStandardCriteria(t.db, c.organiser, scope(c.nominations.art))).toBe("notEmpty");
    let lists = await listCriteria(t.db, c.eventId, "ru");
    expect(lists[1]!.criteria.map((x) => x.name)).toEqual([
      "Композиция",
      "Техника исполнения",
      "Оригинальность замысла",
      "Выразительность",
    ]);
    expect(lists[1]!.criteria.every((x) => x.maxScore === "10" && x.weight === "1")).toBe(true);

    expect(await applyStandardCriteria(t.db, c.organiser, scope(c.nominations.vocal))).toBe("added");
    lists = await listCriteria(t.db, c.eventId, "en");
    expect(lists[0]!.criteria.map((x) => x.name)).toEqual(["Technique", "Artistry", "Repertoire", "Stage presence"]);

    expect(await copyCriteriaToAll(t.db, c.organiser, scope(c.nominations.art))).toEqual({
      status: "copied",
      copied: 1,
      skipped: 0,
      locked: 0,
    });
    lists = await listCriteria(t.db, c.eventId, "kk");
    expect(lists[0]!.criteria.map((x) => x.name)).toEqual([
      "Композиция",
      "Орындау техникасы",
      "Идеяның өзіндігі",
      "Мәнерлілік",
    ]);

    // Scored criteria are never replaced by a copy.
    const judge = await insertUser(t.db);
    await t.db
      .insertInto("scores")
      .values({
        round_id: c.rounds.remote,
        entry_id: c.children.dias.entryId,
        judge_user_id: judge.id,
        criterion_id: lists[0]!.criteria[0]!.id,
        value: 9,
        version: 1,
      })
      .execute();
    await addCriterion(t.db, c.organiser, scope(c.nominations.art), criterion({ nameEn: "Colour" }));
    expect(await copyCriteriaToAll(t.db, c.organiser, scope(c.nominations.art))).toEqual({
      status: "copied",
      copied: 0,
      skipped: 1,
      locked: 0,
    });
    expect((await listCriteria(t.db, c.eventId, "en"))[0]!.criteria).toHaveLength(4);
  });

  it("answers 'missing' for a nomination or criterion of another event", async () => {
    const c = await contest(t.db);
    const other = await contest(t.db);
    const theirs = await addedId(
      addCriterion(
        t.db,
        other.organiser,
        { eventId: other.eventId, nominationId: other.nominations.vocal },
        criterion({ nameEn: "Theirs" }),
      ),
    );
    expect(
      await addCriterion(
        t.db,
        c.organiser,
        { eventId: c.eventId, nominationId: other.nominations.vocal },
        criterion({ nameEn: "X" }),
      ),
    ).toEqual({ status: "missing" });
    expect(
      await updateCriterion(
        t.db,
        c.organiser,
        { eventId: c.eventId, criterionId: theirs },
        criterion({ nameEn: "Mine now" }),
      ),
    ).toEqual({ status: "missing" });
    expect(
      await removeCriterion(t.db, c.organiser, { eventId: c.eventId, criterionId: theirs, confirm: true }),
    ).toEqual({ status: "missing" });
    expect(
      await moveCriterion(t.db, c.organiser, { eventId: c.eventId, criterionId: theirs, direction: "down" }),
    ).toEqual({ status: "missing" });
    expect(
      await applyStandardCriteria(t.db, c.organiser, { eventId: c.eventId, nominationId: other.nominations.art }),
    ).toBe("missing");
    expect((await listCriteria(t.db, other.eventId, "en"))[0]!.criteria.map((x) => x.name)).toEqual(["Theirs"]);
  });

  it("takes a maximum of 0.5 to 1000 and a weight of 0.1 to 100, in hundredths at most", () => {
    const parse = (maxScore: string, weight: string) =>
      criterionSchema.safeParse({ nameEn: "Technique", nameKk: "", nameRu: "", maxScore, weight });
    const issues = (maxScore: string, weight: string) =>
      (parse(maxScore, weight).error?.issues ?? []).map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(parse("0,5", "0.1").data).toMatchObject({ maxScore: 0.5, weight: 0.1 });
    expect(parse("1000", "100").data).toMatchObject({ maxScore: 1000, weight: 100 });
    expect(parse("9.75", "1,25").data).toMatchObject({ maxScore: 9.75, weight: 1.25 });
    expect(issues("0.001", "1")).toEqual(["maxScore: jury.errors.maxScore"]);
    expect(issues("999.999", "1")).toEqual(["maxScore: jury.errors.maxScore"]);
    expect(issues("0.4", "1")).toEqual(["maxScore: jury.errors.maxScore"]);
    expect(issues("1000.01", "1")).toEqual(["maxScore: jury.errors.maxScore"]);
    expect(issues("10", "0.0001")).toEqual(["weight: jury.errors.weight"]);
    expect(issues("10", "0.05")).toEqual(["weight: jury.errors.weight"]);
    expect(issues("10", "100.5")).toEqual(["weight: jury.errors.weight"]);
    expect(issues("10", "1e2")).toEqual(["weight: jury.errors.weight"]);
  });
});
