import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import sharp from "sharp";
import { afterEach, describe, expect, it } from "vitest";

import { setEventStatus } from "~/.server/events/events.server";
import { entryFormContext } from "~/.server/registration/entry-forms.server";
import { submitFamilyEntry } from "~/.server/registration/submit-family-entry.server";
import type { EntryFormData } from "~/schemas/entry";

import { engines, useTestDb } from "../setup/db";
import { BASE_URL, family } from "./entry-fixtures";
import { ageGroupForm, asActor, createEventFromForm, insertUser, nominationForm } from "./factories";

/**
 * An artwork is stored before its entry is saved; whenever the entry is not saved by this very post
 * (refused, a replay of an earlier post, or the database failing) the file must not stay behind.
 */
describe.each(engines)("artwork files of entries that are not saved, on %s", (engine) => {
  const t = useTestDb(engine);
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  async function setUp(closesAt: string) {
    const organiser = await insertUser(t.db);
    const { id } = await createEventFromForm(t.db, organiser.id, {
      registrationOpensAt: "2026-01-01T09:00",
      registrationClosesAt: closesAt,
      nominations: [nominationForm({ nameEn: "Painting", entryKind: "artwork", discipline: "fine_art" })],
      ageGroups: [ageGroupForm(7, 14)],
    });
    await setEventStatus(t.db, id, "published", asActor(organiser.id));
    const slug = (await t.db.selectFrom("events").select("slug").where("id", "=", id).executeTakeFirstOrThrow()).slug;
    const fam = await family(t.db);
    const page = (await entryFormContext(t.db, slug, fam.submitter.userId, "en"))!;
    const uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), "toi-orphans-"));
    dirs.push(uploadDir);
    const png = await sharp({ create: { width: 400, height: 300, channels: 3, background: "#c33" } })
      .png()
      .toBuffer();
    const post = (idempotencyKey: string) => ({
      form: {
        nominationId: page.nominations[0]!.id,
        format: "solo",
        members: fam.childIds,
        title: "Dala",
        videoUrl: undefined,
        idempotencyKey,
        totalSeconds: null,
      } as unknown as EntryFormData,
      artwork: new File([png], "dala.png", { type: "image/png" }),
    });
    const submit = (db: typeof t.db, key: string) =>
      submitFamilyEntry(db, fam.submitter, page, post(key), { locale: "en", uploads: uploadDir, baseUrl: BASE_URL });
    const files = () => fs.readdirSync(uploadDir, { recursive: true }).filter((f) => /\.(png|jpg)$/.test(String(f)));
    return { submit, files };
  }

  it("keeps the file of a saved entry, and removes the second copy a replayed post stored", async () => {
    const { submit, files } = await setUp("2099-12-01T18:00");
    expect((await submit(t.db, "replayed-post-key-0001")).status).toBe("entered");
    expect(files()).toHaveLength(1);
    expect((await submit(t.db, "replayed-post-key-0001")).status).toBe("entered");
    expect(files()).toHaveLength(1);
  });

  it("removes the file when the entry is refused", async () => {
    const { submit, files } = await setUp("2026-02-01T18:00");
    expect((await submit(t.db, "refused-post-key-00001")).status).toBe("refused");
    expect(files()).toEqual([]);
  });

  it("removes the file when saving fails, and passes the failure on", async () => {
    const { submit, files } = await setUp("2099-12-01T18:00");
    const failing = t.db.withPlugin({
      transformQuery: (args) => {
        if (args.node.kind === "InsertQueryNode") throw new Error("database gone");
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    await expect(submit(failing, "failing-post-key-00001")).rejects.toThrow("database gone");
    expect(files()).toEqual([]);
  });
});
