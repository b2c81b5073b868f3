import { createRemixStub } from "@remix-run/testing";
import { sql } from "kysely";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { createSession } from "~/.server/accounts/session.server";
import type { DB } from "~/.server/platform/db.server";
import { boot, runtime, shutdown } from "~/.server/platform/runtime.server";
import { getScheduleRound, type RoundScope } from "~/.server/schedule/schedule-clock.server";
import { loadSlots, versionOf } from "~/.server/schedule/schedule-versions.server";
import { numberVersion } from "~/.server/schedule/slot-numbers.server";
import { addStage, addStageWindow, listStages } from "~/.server/schedule/stages.server";
import ScheduleEditor, { action, loader } from "~/routes/organiser.events.$id_.schedule";

import { WithLocale } from "../setup/i18n";
import { ageGroupForm, asActor, createEventWithParts, insertUser, nominationForm, roundForm } from "./factories";

/*
 * The organiser's running-order page for a round of 5,000 performances: 6 stages over 5 days, 167
 * back-to-back slots per stage and day, written straight into a draft. The page once listed every
 * other slot by each slot, and grew with the square of the slots; now it must stay small, and a swap
 * or a move by running-order number must work at that size. (Its speed is not asserted here.)
 */

const SLOTS = 5000;
const STAGES = 6;
const DAYS = ["2026-12-10", "2026-12-11", "2026-12-12", "2026-12-13", "2026-12-14"];
const PER_STAGE_DAY = 167;
/** The whole page must stay under this: the rendered HTML and the loader data it carries. */
const PAGE_BUDGET = 300 * 1024;

async function bigRound(db: DB) {
  const organiser = asActor((await insertUser(db)).id);
  const {
    id: eventId,
    nominations: [vocal],
    ageGroups: [younger, older],
    rounds: [round],
  } = await createEventWithParts(db, organiser.id, {
    titleEn: "Big festival",
    startsOn: DAYS[0],
    endsOn: DAYS.at(-1),
    nominations: [nominationForm({ nameEn: "Vocal", formats: { solo: [1, 1] } })],
    ageGroups: [ageGroupForm(7, 10), ageGroupForm(11, 14)],
    rounds: [roundForm({ kind: "final" })],
  });
  const { clock } = (await getScheduleRound(db, { eventId, roundId: round!.id }))!;
  const scope: RoundScope = { eventId, roundId: round!.id, clock, locale: "en" };
  const stageIds: number[] = [];
  for (let i = 1; i <= STAGES; i++) {
    const stageId = await addStage(db, organiser, scope, { nameKk: "", nameRu: "", nameEn: `Hall ${i}`, venue: "" });
    stageIds.push(stageId);
    for (const date of DAYS)
      await addStageWindow(db, organiser, { ...scope, stageId }, clock, {
        kind: "open",
        date,
        from: "08:00",
        to: "23:00",
      });
  }
  // Entry i: the younger age group for the first half; one child each, "Child i Bulk".
  await sql`insert into entries (event_id, nomination_id, age_group_id, format, title, duration_seconds, status, reference)
    select ${eventId}, ${vocal!.id}, case when i <= ${SLOTS / 2} then ${younger!.id}::int else ${older!.id}::int end,
      'solo', 'Piece ' || i, 240, 'confirmed', 'BIG-' || lpad(i::text, 5, '0')
    from generate_series(1, ${SLOTS}) i`.execute(db);
  await sql`insert into participants (last_name, first_name, birth_date, city)
    select 'Bulk', 'Child ' || substr(e.reference, 5), '2015-01-01', 'almaty' from entries e where e.event_id = ${eventId}`.execute(
    db,
  );
  await sql`insert into entry_members (entry_id, participant_id, nomination_id)
    select e.id, p.id, e.nomination_id from entries e
      join participants p on p.last_name = 'Bulk' and p.first_name = 'Child ' || substr(e.reference, 5)
    where e.event_id = ${eventId}`.execute(db);
  const draft = await db
    .insertInto("schedule_versions")
    .values({
      round_id: scope.roundId,
      status: "draft",
      options: JSON.stringify({ changeoverMinutes: 0, minGapMinutes: 0, ageOrder: "younger" }),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  // Slot k (from 0): stage-day k / 167 (six stages a day), the (k % 167)-th five minutes from 08:00.
  await sql`insert into schedule_slots (version_id, stage_id, kind, entry_id, starts_at, ends_at)
    select ${draft.id}, (${stageIds}::int[])[(k / ${PER_STAGE_DAY}) % ${STAGES} + 1], 'entry', id,
      ${`${DAYS[0]}T08:00:00+05:00`}::timestamptz + make_interval(days => k / ${PER_STAGE_DAY * STAGES}, mins => (k % ${PER_STAGE_DAY}) * 5),
      ${`${DAYS[0]}T08:05:00+05:00`}::timestamptz + make_interval(days => k / ${PER_STAGE_DAY * STAGES}, mins => (k % ${PER_STAGE_DAY}) * 5)
    from (select id, (row_number() over (order by id))::int - 1 as k from entries where event_id = ${eventId}) s`.execute(
    db,
  );
  return { organiser, scope, stageIds, draftId: draft.id };
}

describe("the running-order page for 5,000 performances", () => {
  let big: Awaited<ReturnType<typeof bigRound>>;
  let cookie: string;
  let db: DB;

  beforeAll(async () => {
    await boot({
      ...process.env,
      DATABASE_URL: "",
      DATA_DIR: "memory://",
      SEED_DEMO: "0",
      EMAIL_WORKER: "0",
      SESSION_SECRETS: "schedule-size-secret",
    });
    const rt = await runtime();
    db = rt.db;
    big = await bigRound(db);
    cookie = (await rt.sessionCookie.serialize(await createSession(db, big.organiser.id))).split(";")[0]!;
  }, 120_000);
  afterAll(async () => {
    await shutdown();
  });

  const path = () => `/organiser/events/${big.scope.eventId}/schedule`;
  const headers = () => new Headers({ Cookie: cookie, "Accept-Language": "en" });
  const load = (query = "") =>
    loader({
      request: new Request(`http://toi.test${path()}${query}`, { headers: headers() }),
      params: { id: String(big.scope.eventId) },
      context: { cspNonce: "", clientIp: "127.0.0.1" },
    });
  const post = (query: string, body: Record<string, string>) =>
    action({
      request: new Request(`http://toi.test${path()}${query}`, {
        method: "POST",
        headers: headers(),
        body: new URLSearchParams(body),
      }),
      params: { id: String(big.scope.eventId) },
      context: { cspNonce: "", clientIp: "127.0.0.1" },
    });
  /** The page as the server renders it: the route's component over the loader's data, and that data. */
  const render = (data: Awaited<ReturnType<typeof load>>, query = "") => {
    const Stub = createRemixStub([{ id: "schedule", path: path(), Component: ScheduleEditor, loader: () => data }]);
    // The stub's router uses layout effects, which React notes on the server: not this page's concern.
    const quiet = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
      if (!String(args[0]).includes("useLayoutEffect does nothing on the server")) console.warn(...args);
    });
    const html = renderToString(
      createElement(WithLocale, {
        locale: "en",
        children: createElement(Stub, {
          initialEntries: [`${path()}${query}`],
          hydrationData: { loaderData: { schedule: data } },
        }),
      }),
    );
    quiet.mockRestore();
    return { html, bytes: Buffer.byteLength(html) + Buffer.byteLength(JSON.stringify(data)) };
  };
  const numbered = async () =>
    numberVersion(
      await loadSlots(db, (await versionOf(db, big.scope.roundId, "draft"))!.id, big.scope.clock),
      await listStages(db, big.scope.roundId, big.scope.clock),
      big.scope.clock,
    );

  it("shows one stage's day a page at a time, with the counts of all, in well under 300 KB", async () => {
    const data = await load();
    const editor = data.editor!;
    expect(editor.draft!.placed).toBe(SLOTS);
    expect(editor.sections).toHaveLength(30);
    expect(editor.sections.reduce((n, s) => n + s.slots, 0)).toBe(SLOTS);
    expect(editor.view).toMatchObject({ date: DAYS[0], stageId: big.stageIds[0], page: 1, pages: 4, total: 167 });
    expect(editor.draft!.slots.map((s) => s.position)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    // Each age group's jury would sit at every stage: two conflicts, each counted in every stage's day it touches.
    expect(editor.draft!.conflictCount).toBe(2);
    expect(editor.sections.every((s) => s.conflicts >= 1)).toBe(true);

    const { html, bytes } = render(data);
    expect(html).toContain("Hall 1, 10.12.2026: 1–50 of 167");
    expect(html).toContain("No. 50");
    expect(html).not.toContain("No. 51");
    expect(bytes).toBeLessThan(PAGE_BUDGET);

    // The last page of the last stage's last day, and a page found by number, are as small.
    const last = `?round=${big.scope.roundId}&day=${DAYS.at(-1)}&stage=${big.stageIds.at(-1)}&page=4`;
    const lastPage = await load(last);
    expect(lastPage.editor!.draft!.slots.at(-1)!.position).toBe(SLOTS);
    expect(render(lastPage, last).bytes).toBeLessThan(PAGE_BUDGET);
    const found = await load(`?round=${big.scope.roundId}&find=big-02500`);
    const { id: wanted } = await db
      .selectFrom("entries")
      .select("id")
      .where("reference", "=", "BIG-02500")
      .executeTakeFirstOrThrow();
    expect(found.editor!.view).toMatchObject({ highlight: wanted, page: 4 });
    expect(found.editor!.draft!.slots.find((s) => s.entryId === wanted)).toMatchObject({ position: 2500 });
    expect(render(found).bytes).toBeLessThan(PAGE_BUDGET);
  });

  it("swaps and moves by running-order number at that size, and refuses a stale number without losing anything", async () => {
    const before = await numbered();
    const [first, last] = [before[0]!, before.at(-1)!];
    const stamp = (await load()).editor!.draft!.stamp;
    const view = `?round=${big.scope.roundId}&day=${DAYS[0]}&stage=${big.stageIds[0]}`;

    // No. 1 swaps with No. 5000: back to the same page, at the slot.
    const swapped = (await post(view, {
      intent: "swap",
      roundId: String(big.scope.roundId),
      entryId: String(first.entryId),
      other: String(SLOTS),
      stamp,
    })) as Response;
    expect(swapped.status).toBe(302);
    expect(swapped.headers.get("Location")).toBe(`${path()}${view}&notice=edited#slot-${first.entryId}`);
    const after = await numbered();
    expect(after[0]).toMatchObject({ entryId: last.entryId, stageId: first.stageId, start: first.start });
    expect(after.at(-1)).toMatchObject({ entryId: first.entryId, stageId: last.stageId, start: last.start });

    // The page read before the swap is out of date: its number is refused (409), the typed text kept.
    const stale = await post(view, {
      intent: "moveTo",
      roundId: String(big.scope.roundId),
      entryId: String(before[1]!.entryId),
      other: "#1",
      stamp,
    });
    expect(stale).toMatchObject({
      type: "DataWithResponseInit",
      init: { status: 409 },
      data: { intent: "moveTo", id: before[1]!.entryId, values: { other: "#1" } },
    });
    expect(await numbered()).toEqual(after);

    // With the page's new numbers, No. 2 moves into No. 10's place, becomes No. 10, and the rest of the day moves on.
    const fresh = (await load()).editor!.draft!.stamp;
    const moved = (await post(view, {
      intent: "moveTo",
      roundId: String(big.scope.roundId),
      entryId: String(after[1]!.entryId),
      other: "No. 10",
      stamp: fresh,
    })) as Response;
    expect(moved.status).toBe(302);
    const now = await numbered();
    expect(now[9]).toMatchObject({ entryId: after[1]!.entryId, start: after[9]!.end });
    expect(now[10]).toMatchObject({ entryId: after[10]!.entryId, start: after[10]!.start + 5 });

    // A search naming many is a 400 listing the first ten by number; the draft is as it was.
    const many = await post(view, {
      intent: "swap",
      roundId: String(big.scope.roundId),
      entryId: String(after[1]!.entryId),
      other: "Bulk",
      stamp: fresh,
    });
    expect(many).toMatchObject({ init: { status: 400 }, data: { vars: { query: "Bulk", count: SLOTS } } });
    expect((many as unknown as { data: { candidates: unknown[] } }).data.candidates).toHaveLength(10);
    expect(await numbered()).toEqual(now);
  });
});
