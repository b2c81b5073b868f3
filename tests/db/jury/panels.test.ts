import { describe, expect, it } from "vitest";

import { rolesOf } from "~/.server/accounts/auth.server";
import { setRoundBlind } from "~/.server/jury/blind-rounds.server";
import { addJudge, copyPanelToRound, removeJudge, setChair } from "~/.server/jury/panels.server";
import { listPanels } from "~/.server/jury/panels-page.server";
import { readScoringRules, saveScoringRules } from "~/.server/jury/scoring-rules.server";
import { conflictSchema, judgeSchema } from "~/schemas/jury";

import { engines, useTestDb } from "../../setup/db";
import { insertUser } from "../factories";
import { auditActions, BASE, contest, seq } from "./contest";

describe.each(engines)("jury setup on %s", (engine) => {
  const t = useTestDb(engine);

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
