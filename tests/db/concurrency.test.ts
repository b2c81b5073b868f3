import { describe, expect, test } from "vitest";

import { findEventBySlug } from "~/.server/events/events.server";

import { engines, useTestDb } from "../setup/db";
import { createEventFromForm, insertUser } from "./factories";

describe.each(engines)("concurrent writes on %s", (engine) => {
  const t = useTestDb(engine);

  test("two events with the same title created at once both succeed with distinct slugs", async () => {
    const { id: organiserId } = await insertUser(t.db);
    const form = { titleRu: "Весенняя капель", titleEn: "" };
    const created = await Promise.all([
      createEventFromForm(t.db, organiserId, form),
      createEventFromForm(t.db, organiserId, form),
    ]);
    expect(created.map((e) => e.slug).sort()).toEqual(["vesennyaya-kapel", "vesennyaya-kapel-2"]);
    for (const event of created) expect((await findEventBySlug(t.db, event.slug))?.id).toBe(event.id);
  });
});
