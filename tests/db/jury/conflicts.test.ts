import { describe, expect, it } from "vitest";

import { addConflict, loadConflictsPage, removeConflict } from "~/.server/jury/conflicts.server";
import { addJudge } from "~/.server/jury/panels.server";
import { conflictSchema } from "~/schemas/jury";

import { engines, useTestDb } from "../../setup/db";
import { insertUser } from "../factories";
import { auditActions, BASE, contest, seq } from "./contest";

describe.each(engines)("jury setup on %s", (engine) => {
  const t = useTestDb(engine);

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
});
