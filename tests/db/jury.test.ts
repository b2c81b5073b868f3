import { describe, expect, it } from "vitest";

import { rolesOf } from "~/.server/accounts/auth.server";
import {
  addConflict,
  addCriterion,
  addJudge,
  applyStandardCriteria,
  copyCriteriaToAll,
  copyPanelToRound,
  listCriteria,
  listPanels,
  loadConflictsPage,
  moveCriterion,
  readScoringRules,
  removeConflict,
  removeCriterion,
  removeJudge,
  saveScoringRules,
  setChair,
  setRoundBlind,
  updateCriterion,
} from "~/.server/jury/setup.server";
import type { DB } from "~/.server/platform/db.server";
import { conflictSchema, criterionSchema, judgeSchema } from "~/schemas/jury";

import { engines, useTestDb } from "../setup/db";
import { ageGroupForm, asActor, createEventWithParts, insertUser, nominationForm, roundForm } from "./factories";

const BASE = "https://toi.example.kz";
let seq = 0;

/**
 * A contest with a vocal and a fine-art nomination, two age groups and two rounds (remote, final);
 * two clubs, each with one child entered, and a third club with no entries.
 */
async function contest(db: DB) {
  const organiser = asActor((await insertUser(db)).id);
  const {
    id: eventId,
    nominations: [vocal, art],
    ageGroups: [younger, older],
    rounds: [remote, final],
  } = await createEventWithParts(db, organiser.id, {
    titleEn: `Jury contest ${++seq}`,
    nominations: [
      nominationForm({ nameEn: "Vocal", formats: { solo: [1, 1] } }),
      nominationForm({
        nameRu: "Изобразительное искусство",
        nameEn: "",
        discipline: "fine_art",
        entryKind: "artwork",
        formats: { solo: [1, 1] },
      }),
    ],
    ageGroups: [ageGroupForm(7, 10), ageGroupForm(11, 14)],
    rounds: [roundForm({ kind: "remote" }), roundForm({ kind: "final" })],
  });
  const club = (name: string) =>
    db.insertInto("clubs").values({ name, city: "almaty" }).returning(["id", "name"]).executeTakeFirstOrThrow();
  const shanyrak = await club(`Shanyrak ${seq}`);
  const baiterek = await club(`Baiterek ${seq}`);
  const idle = await club(`Idle ${seq}`);
  const child = async (lastName: string, firstName: string, clubId: number) => {
    const p = await db
      .insertInto("participants")
      .values({ last_name: lastName, first_name: firstName, birth_date: "2015-01-01", city: "almaty", club_id: clubId })
      .returning("id")
      .executeTakeFirstOrThrow();
    const e = await db
      .insertInto("entries")
      .values({
        event_id: eventId,
        nomination_id: vocal!.id,
        age_group_id: younger!.id,
        format: "solo",
        status: "confirmed",
        reference: `JUR-${++seq}`,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("entry_members")
      .values({ entry_id: e.id, participant_id: p.id, nomination_id: vocal!.id })
      .execute();
    return { participantId: p.id, entryId: e.id };
  };
  const aruzhan = await child("Ахметова", "Аружан", shanyrak.id);
  const dias = await child("Серіков", "Діас", baiterek.id);
  return {
    organiser,
    eventId,
    nominations: { vocal: vocal!.id, art: art!.id },
    ageGroups: { younger: younger!.id, older: older!.id },
    rounds: { remote: remote!.id, final: final!.id },
    clubs: { shanyrak: shanyrak.id, baiterek: baiterek.id, idle: idle.id },
    clubNames: { shanyrak: shanyrak.name, baiterek: baiterek.name },
    children: { aruzhan, dias },
  };
}

const criterion = (fields: Record<string, string>) =>
  criterionSchema.parse({ nameKk: "", nameRu: "", nameEn: "", maxScore: "10", weight: "", ...fields });

/** The id of a criterion that was added (and a failure if it wasn't). */
async function addedId(result: ReturnType<typeof addCriterion>): Promise<number> {
  const r = await result;
  if (r.status !== "added") throw new Error(`The criterion was not added: ${JSON.stringify(r)}`);
  return r.id;
}

async function auditActions(db: DB, eventId: number) {
  return (
    await db.selectFrom("audit_log").select("action").where("event_id", "=", eventId).orderBy("id").execute()
  ).map((r) => r.action);
}

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

  it("adds an existing user to a panel as the event's judge, and invites an unknown email", async () => {
    const c = await contest(t.db);
    const known = await insertUser(t.db, {
      email: `known-${seq}@example.kz`,
      name: "Ерлан Садықов",
      passwordHash: "fake$pw",
    });
    const panel = { eventId: c.eventId, roundId: c.rounds.final, nominationId: c.nominations.vocal, ageGroupId: null };

    const added = await addJudge(
      t.db,
      c.organiser,
      { ...panel, email: known.email.toUpperCase(), name: "", locale: "ru", chair: true },
      BASE,
    );
    expect(added).toEqual({ status: "added", userId: known.id, invited: false });
    expect((await rolesOf(t.db, known.id)).judgeOf.has(c.eventId)).toBe(true);
    expect(await t.db.selectFrom("outbox").select("id").where("to_email", "=", known.email).execute()).toEqual([]);
    expect(
      await addJudge(t.db, c.organiser, { ...panel, email: known.email, name: "", locale: "ru", chair: false }, BASE),
    ).toEqual({ status: "already" });

    const email = `new-judge-${seq}@example.kz`;
    expect(
      await addJudge(t.db, c.organiser, { ...panel, email, name: "  ", locale: "kk", chair: false }, BASE),
    ).toEqual({ status: "needName" });
    const invited = await addJudge(
      t.db,
      c.organiser,
      { ...panel, ageGroupId: c.ageGroups.older, email, name: "Жанна Әлиева", locale: "kk", chair: false },
      BASE,
    );
    expect(invited).toMatchObject({ status: "added", invited: true });
    const userId = (invited as { userId: number }).userId;
    expect((await rolesOf(t.db, userId)).judgeOf.has(c.eventId)).toBe(true);
    const mail = await t.db.selectFrom("outbox").selectAll().where("to_email", "=", email).executeTakeFirstOrThrow();
    expect(mail).toMatchObject({ template: "invite", locale: "kk" });
    expect(mail.params.role).toBe("judge");

    const panels = await listPanels(t.db, c.eventId);
    expect(panels.map((p) => [p.ageGroupId, p.judges.map((j) => [j.name, j.isChair])])).toEqual([
      [null, [["Ерлан Садықов", true]]],
      [c.ageGroups.older, [["Жанна Әлиева", false]]],
    ]);
    expect(await auditActions(t.db, c.eventId)).toEqual(expect.arrayContaining(["jury.add_judge", "role.grant"]));
    // A round of another event is not this event's panel.
    const other = await contest(t.db);
    expect(
      await addJudge(
        t.db,
        c.organiser,
        { ...panel, roundId: other.rounds.final, email: known.email, name: "", locale: "ru", chair: false },
        BASE,
      ),
    ).toEqual({ status: "missing" });
  });

  it("keeps at most one chair per panel", async () => {
    const c = await contest(t.db);
    const panel = {
      eventId: c.eventId,
      roundId: c.rounds.remote,
      nominationId: c.nominations.art,
      ageGroupId: c.ageGroups.younger,
    };
    const users = await Promise.all(
      ["a", "b", "c"].map((x) =>
        insertUser(t.db, {
          email: `chair-${x}-${seq}@example.kz`,
          name: `Judge ${x.toUpperCase()}`,
          passwordHash: "fake$pw",
        }),
      ),
    );
    for (const u of users)
      await addJudge(t.db, c.organiser, { ...panel, email: u.email, name: "", locale: "en", chair: true }, BASE);
    const chairs = async () =>
      (await listPanels(t.db, c.eventId))[0]!.judges.filter((j) => j.isChair).map((j) => j.name);
    expect(await chairs()).toEqual(["Judge C"]);

    const [first] = (await listPanels(t.db, c.eventId))[0]!.judges.filter((j) => j.name === "Judge A");
    // Two organisers choose different chairs at the same moment: one wins, never both.
    const second = (await listPanels(t.db, c.eventId))[0]!.judges.find((j) => j.name === "Judge B")!;
    await Promise.all([
      setChair(t.db, c.organiser, { eventId: c.eventId, assignmentId: first!.assignmentId, chair: true }),
      setChair(t.db, c.organiser, { eventId: c.eventId, assignmentId: second.assignmentId, chair: true }),
    ]);
    expect(await chairs()).toHaveLength(1);
    await setChair(t.db, c.organiser, { eventId: c.eventId, assignmentId: first!.assignmentId, chair: false });
    await setChair(t.db, c.organiser, { eventId: c.eventId, assignmentId: second.assignmentId, chair: false });
    expect(await chairs()).toEqual([]);
  });

  it("removes a judge from a panel and drops their judge role with their last panel in the event", async () => {
    const c = await contest(t.db);
    const judge = await insertUser(t.db, {
      email: `leaving-${seq}@example.kz`,
      name: "Leaving",
      passwordHash: "fake$pw",
    });
    const panel = { eventId: c.eventId, roundId: c.rounds.remote, nominationId: c.nominations.vocal, ageGroupId: null };
    await addJudge(t.db, c.organiser, { ...panel, email: judge.email, name: "", locale: "en", chair: true }, BASE);
    expect(await copyPanelToRound(t.db, c.organiser, panel)).toEqual({ status: "copied", added: 1, locked: 0 });
    expect(await copyPanelToRound(t.db, c.organiser, panel)).toEqual({ status: "copied", added: 0, locked: 0 });
    const panels = await listPanels(t.db, c.eventId);
    expect(panels.map((p) => [p.nominationId, p.judges[0]!.isChair])).toEqual([
      [c.nominations.vocal, true],
      [c.nominations.art, true],
    ]);

    expect(
      await removeJudge(t.db, c.organiser, { eventId: c.eventId, assignmentId: panels[0]!.judges[0]!.assignmentId }),
    ).toBe("removed");
    expect((await rolesOf(t.db, judge.id)).judgeOf.has(c.eventId)).toBe(true);
    // Another event's organiser cannot remove it through their own event.
    const other = await contest(t.db);
    expect(
      await removeJudge(t.db, other.organiser, {
        eventId: other.eventId,
        assignmentId: panels[1]!.judges[0]!.assignmentId,
      }),
    ).toBe("missing");
    expect(
      await removeJudge(t.db, c.organiser, { eventId: c.eventId, assignmentId: panels[1]!.judges[0]!.assignmentId }),
    ).toBe("removed");
    expect((await rolesOf(t.db, judge.id)).judgeOf.has(c.eventId)).toBe(false);
    expect(await listPanels(t.db, c.eventId)).toEqual([]);
    expect(await auditActions(t.db, c.eventId)).toEqual(
      expect.arrayContaining(["jury.copy_panel", "jury.remove_judge", "role.revoke"]),
    );
  });

  it("records conflicts with a club or an entrant, suggests a club the judge leads, and removes them", async () => {
    const c = await contest(t.db);
    const judge = await insertUser(t.db, {
      email: `conflicted-${seq}@example.kz`,
      name: "Conflicted",
      passwordHash: "fake$pw",
    });
    await addJudge(
      t.db,
      c.organiser,
      {
        eventId: c.eventId,
        roundId: c.rounds.final,
        nominationId: c.nominations.vocal,
        ageGroupId: null,
        email: judge.email,
        name: "",
        locale: "en",
        chair: false,
      },
      BASE,
    );
    await t.db
      .insertInto("memberships")
      .values({ user_id: judge.id, role: "club_leader", club_id: c.clubs.shanyrak })
      .execute();
    await t.db
      .insertInto("memberships")
      .values({ user_id: judge.id, role: "club_leader", club_id: c.clubs.idle })
      .execute();

    let page = await loadConflictsPage(t.db, c.eventId, "ru");
    expect(page.clubsWithEntries.map((x) => x.id).sort()).toEqual([c.clubs.shanyrak, c.clubs.baiterek].sort());
    expect(page.otherClubs.map((x) => x.id)).toContain(c.clubs.idle);
    expect(page.entrants.map((e) => e.label)).toEqual([
      `Ахметова Аружан — ${c.clubNames.shanyrak}`,
      `Серіков Діас — ${c.clubNames.baiterek}`,
    ]);
    const mine = page.judges.find((j) => j.id === judge.id)!;
    expect(mine.suggestions).toEqual([{ clubId: c.clubs.shanyrak, club: c.clubNames.shanyrak, frozen: false }]);

    const add = (target: string, note = "") =>
      addConflict(t.db, c.organiser, {
        eventId: c.eventId,
        ...conflictSchema.parse({ userId: String(judge.id), target, note }),
      });
    expect(await add(`club:${c.clubs.shanyrak}`, "Leads the club")).toBe("added");
    expect(await add(`club:${c.clubs.shanyrak}`)).toBe("exists");
    expect(await add(`participant:${c.children.dias.participantId}`, "Private lessons")).toBe("added");
    const outsider = await t.db
      .insertInto("participants")
      .values({ last_name: "X", first_name: "Y", birth_date: "2015-01-01", city: "almaty" })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect(await add(`participant:${outsider.id}`)).toBe("missing");
    const stranger = await insertUser(t.db);
    expect(
      await addConflict(t.db, c.organiser, {
        eventId: c.eventId,
        userId: stranger.id,
        target: { clubId: c.clubs.shanyrak, participantId: null },
        note: "",
      }),
    ).toBe("missing");

    page = await loadConflictsPage(t.db, c.eventId, "ru");
    const listed = page.judges.find((j) => j.id === judge.id)!;
    expect(listed.suggestions).toEqual([]);
    expect(listed.conflicts.map((x) => [x.kind, x.label, x.note])).toEqual([
      ["club", c.clubNames.shanyrak, "Leads the club"],
      ["participant", `Серіков Діас — ${c.clubNames.baiterek}`, "Private lessons"],
    ]);

    const other = await contest(t.db);
    expect(
      await removeConflict(t.db, other.organiser, { eventId: other.eventId, conflictId: listed.conflicts[0]!.id }),
    ).toBe("missing");
    expect(await removeConflict(t.db, c.organiser, { eventId: c.eventId, conflictId: listed.conflicts[0]!.id })).toBe(
      "removed",
    );
    expect(
      (await loadConflictsPage(t.db, c.eventId, "ru")).judges.find((j) => j.id === judge.id)!.conflicts,
    ).toHaveLength(1);
    expect(await auditActions(t.db, c.eventId)).toEqual(expect.arrayContaining(["conflict.add", "conflict.remove"]));
  });

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

  it("refuses ids too large for the database as form errors, never as database errors", () => {
    const judge = {
      roundId: "1",
      nominationId: "1",
      ageGroupId: "",
      email: "judge@example.kz",
      name: "",
      locale: "kk",
    };
    for (const bad of [{ nominationId: "99999999999" }, { roundId: "2147483648" }, { ageGroupId: "99999999999" }]) {
      const result = judgeSchema.safeParse({ ...judge, ...bad });
      expect(result.success, JSON.stringify(bad)).toBe(false);
      expect(result.error!.issues[0]).toMatchObject({ path: [Object.keys(bad)[0]], message: "errors.choose" });
    }
    expect(judgeSchema.safeParse({ ...judge, nominationId: "2147483647" }).success).toBe(true);
    expect(
      conflictSchema.safeParse({ userId: "1", target: "club:9999999999", note: "" }).error!.issues[0],
    ).toMatchObject({ path: ["target"], message: "errors.choose" });
    expect(
      conflictSchema.safeParse({ userId: "99999999999", target: "club:1", note: "" }).error!.issues[0],
    ).toMatchObject({ path: ["userId"], message: "errors.choose" });
    expect(conflictSchema.parse({ userId: "1", target: "club:2147483647", note: "" }).target).toEqual({
      clubId: 2147483647,
      participantId: null,
    });
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

  it("marks a round blind and saves the event's scoring rules", async () => {
    const c = await contest(t.db);
    expect(await setRoundBlind(t.db, c.organiser, { eventId: c.eventId, roundId: c.rounds.remote, blind: true })).toBe(
      true,
    );
    const other = await contest(t.db);
    expect(
      await setRoundBlind(t.db, c.organiser, { eventId: c.eventId, roundId: other.rounds.remote, blind: true }),
    ).toBe(false);
    const rounds = await t.db
      .selectFrom("rounds")
      .select(["id", "blind"])
      .where("event_id", "in", [c.eventId, other.eventId])
      .orderBy("id")
      .execute();
    expect(rounds.filter((r) => r.blind).map((r) => r.id)).toEqual([c.rounds.remote]);

    expect(await readScoringRules(t.db, c.eventId)).toEqual({});
    const rules = {
      aggregation: "trimmed_mean" as const,
      tieBreaks: ["first_criterion" as const, "chair" as const],
      sharedPlaces: false,
      awardMode: "bands" as const,
      bands: [
        { award: "laureate_1" as const, minPercent: 90 },
        { award: "diplomant_1" as const, minPercent: 60 },
      ],
      grandPrixAcrossAgeGroups: true,
    };
    expect(await saveScoringRules(t.db, c.organiser, c.eventId, rules)).toBe("saved");
    expect(await readScoringRules(t.db, c.eventId)).toEqual(rules);
    expect(await readScoringRules(t.db, other.eventId)).toEqual({});
    expect(await auditActions(t.db, c.eventId)).toEqual(expect.arrayContaining(["round.blind", "event.scoring"]));
  });
});
