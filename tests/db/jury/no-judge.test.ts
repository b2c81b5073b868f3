import { describe, expect, it } from "vitest";

import { addConflict } from "~/.server/jury/conflicts.server";
import { addJudge } from "~/.server/jury/panels.server";
import { loadRoundPanelsPage } from "~/.server/jury/panels-page.server";
import { resultsOverview } from "~/.server/results/overview.server";

import { engines, useTestDb } from "../../setup/db";
import { insertUser } from "../factories";
import { BASE, contest, seq } from "./contest";

describe.each(engines)("sections no judge can score, on %s", (engine) => {
  const t = useTestDb(engine);

  it("flags a section whose only judge is recused, on the panels and results pages, until a judge is added", async () => {
    const c = await contest(t.db);
    const judge = async (name: string) => {
      const user = await insertUser(t.db, { email: `${name}-${seq}@example.kz`, name, passwordHash: "fake$pw" });
      await addJudge(
        t.db,
        c.organiser,
        {
          eventId: c.eventId,
          roundId: c.rounds.remote,
          nominationId: c.nominations.vocal,
          ageGroupId: null,
          email: user.email,
          name: "",
          locale: "en",
          chair: false,
        },
        BASE,
      );
      return user;
    };
    const only = await judge("only");
    expect(
      await addConflict(t.db, c.organiser, {
        eventId: c.eventId,
        userId: only.id,
        target: { clubId: c.clubs.shanyrak, participantId: null },
        note: "",
      }),
    ).toBe("added");

    const section = async () =>
      (await resultsOverview(t.db, c.eventId, "en"))
        .find((r) => r.id === c.rounds.remote)!
        .sections.find((s) => s.nominationId === c.nominations.vocal && s.ageGroupId === c.ageGroups.younger)!;
    const panels = async () => (await loadRoundPanelsPage(t.db, c.eventId, "en", String(c.rounds.remote)))!;

    expect(await section()).toMatchObject({ entries: 2, withoutJudge: 1, judgesRecused: true });
    expect((await panels()).withoutJudge).toEqual([
      { nominationId: c.nominations.vocal, ageGroupId: c.ageGroups.younger, entries: 1, recused: true },
    ]);

    await judge("second");
    expect(await section()).toMatchObject({ entries: 2, withoutJudge: 0, judgesRecused: false });
    expect((await panels()).withoutJudge).toEqual([]);
  });
});
