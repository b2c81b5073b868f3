import { describe, expect, it } from "vitest";

import { eligibleJudges } from "~/.server/judging/eligible-judges.server";
import { copyPanelsToNextRound } from "~/.server/jury/panels.server";
import type { DB } from "~/.server/platform/db.server";

import { engines, useTestDb } from "../setup/db";
import { insertUser } from "./factories";
import { contest, family, section, vocalEntry } from "./publication-fixture";

const panelsOf = async (db: DB, roundId: number) =>
  (
    await db
      .selectFrom("jury_assignments")
      .select(["nomination_id", "age_group_id", "user_id", "is_chair"])
      .where("round_id", "=", roundId)
      .orderBy("nomination_id")
      .orderBy("age_group_id")
      .orderBy("user_id")
      .execute()
  ).map((a) => [a.nomination_id, a.age_group_id, a.user_id, a.is_chair]);

describe.each(engines)("copying a round's panels to the next round (%s)", (engine) => {
  const t = useTestDb(engine);

  it("copies each panel with its judges and chair, leaving panels the next round has or has locked", async () => {
    const c = await contest(t.db);
    const [aigul, bolat, dana] = await Promise.all(
      ["aigul", "bolat", "dana"].map((n) => insertUser(t.db, { email: `${n}-${c.eventId}@example.kz` })),
    );
    const assign = (roundId: number, nominationId: number, ageGroupId: number | null, userId: number, chair = false) =>
      t.db
        .insertInto("jury_assignments")
        .values({
          round_id: roundId,
          nomination_id: nominationId,
          age_group_id: ageGroupId,
          user_id: userId,
          is_chair: chair,
        })
        .execute();
    await assign(c.remote.id, c.vocalId, null, aigul!.id, true);
    await assign(c.remote.id, c.vocalId, null, bolat!.id);
    await assign(c.remote.id, c.danceId, c.olderId, dana!.id);
    await assign(c.remote.id, c.danceId, c.youngerId, aigul!.id);
    // The final already has a Dance 11–14 panel, and its Dance 7–10 results are locked.
    await assign(c.final.id, c.danceId, c.olderId, bolat!.id);
    await section(t.db, {
      roundId: c.final.id,
      nominationId: c.danceId,
      ageGroupId: c.youngerId,
      rows: [],
      locked: true,
    });

    expect(await copyPanelsToNextRound(t.db, c.organiser, { eventId: c.eventId, roundId: c.remote.id })).toEqual({
      status: "copied",
      toRoundId: c.final.id,
      panels: 1,
      judges: 2,
      existing: 1,
      locked: 1,
    });
    expect(await panelsOf(t.db, c.final.id)).toEqual(
      [
        [c.vocalId, null, aigul!.id, true],
        [c.vocalId, null, bolat!.id, false],
        [c.danceId, c.olderId, bolat!.id, false],
      ].sort(
        (a, b) => Number(a[0]) - Number(b[0]) || Number(a[1] ?? 0) - Number(b[1] ?? 0) || Number(a[2]) - Number(b[2]),
      ),
    );
    // Again: nothing new, nothing doubled.
    expect(await copyPanelsToNextRound(t.db, c.organiser, { eventId: c.eventId, roundId: c.remote.id })).toMatchObject({
      panels: 0,
      judges: 0,
      existing: 2,
      locked: 1,
    });
    const audits = await t.db
      .selectFrom("audit_log")
      .select("action")
      .where("event_id", "=", c.eventId)
      .where("action", "=", "jury.copy_round")
      .execute();
    expect(audits).toHaveLength(2);
  });

  it("keeps conflicts of interest: a copied judge still cannot score their own club's entry", async () => {
    const c = await contest(t.db);
    const [aigul, bolat] = await Promise.all(
      ["aigul", "bolat"].map((n) => insertUser(t.db, { email: `${n}-${c.eventId}@example.kz` })),
    );
    for (const judge of [aigul!, bolat!])
      await t.db
        .insertInto("jury_assignments")
        .values({ round_id: c.remote.id, nomination_id: c.vocalId, age_group_id: null, user_id: judge.id })
        .execute();
    await t.db
      .insertInto("judge_conflicts")
      .values({ event_id: c.eventId, user_id: aigul!.id, club_id: c.clubId })
      .execute();
    const kid = await family(t.db, c, { first: "Timur", last: "Bekov", locale: "en", club: true });
    const own = await vocalEntry(t.db, c, [kid.childId], "Dombra", { clubId: c.clubId });
    await t.db.insertInto("round_entries").values({ round_id: c.final.id, entry_id: own.id }).execute();

    await copyPanelsToNextRound(t.db, c.organiser, { eventId: c.eventId, roundId: c.remote.id });
    expect([...(await eligibleJudges(t.db, c.final.id)).get(own.id)!]).toEqual([bolat!.id]);
  });

  it("has nowhere to copy from the last round, and finds no round of another event", async () => {
    const c = await contest(t.db);
    const other = await contest(t.db);
    expect(await copyPanelsToNextRound(t.db, c.organiser, { eventId: c.eventId, roundId: c.final.id })).toEqual({
      status: "no_next_round",
    });
    expect(await copyPanelsToNextRound(t.db, c.organiser, { eventId: other.eventId, roundId: c.remote.id })).toEqual({
      status: "missing",
    });
  });
});
