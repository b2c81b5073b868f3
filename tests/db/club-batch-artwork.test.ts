import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import sharp from "sharp";
import { afterEach, describe, expect, it } from "vitest";

import { ensureConsentTexts } from "#db/seed/consent-texts";
import type { DB } from "~/.server/platform/db.server";
import { submitClubEntries, takeBatchArtworks } from "~/.server/registration/club-batch.server";
import { addClubChild } from "~/.server/registration/club-children.server";

import { engines, useTestDb } from "../setup/db";
import { BASE_URL, codes, NOW, openEvent } from "./entry-fixtures";
import { asActor, insertUser, nominationForm } from "./factories";

/** A club's own children (no family account) entered in an artwork nomination, an image each. */
describe.each(engines)("a club leader's artwork batch on %s", (engine) => {
  const t = useTestDb(engine);
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  async function setUp(db: DB = t.db) {
    await ensureConsentTexts(db);
    const ev = await openEvent(db, {
      nominations: [nominationForm({ nameEn: "Painting", entryKind: "artwork", discipline: "fine_art" })],
    });
    const { id: clubId } = await db
      .insertInto("clubs")
      .values({ name: "Шабыт", city: "pavlodar", region: "pavlodar" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const leader = await insertUser(db);
    await db.insertInto("memberships").values({ user_id: leader.id, role: "club_leader", club_id: clubId }).execute();
    const childIds: number[] = [];
    for (const firstName of ["Әйгерім", "Дана", "Іңкәр", "Мадина"]) {
      const added = await addClubChild(db, { clubId }, asActor(leader.id), {
        lastName: "Серікова",
        firstName,
        patronymic: "",
        birthDate: "2015-04-12",
        city: "other",
        town: "Ақсу",
        region: "pavlodar",
        clubId,
        publicName: "initial",
      });
      if (!("id" in added)) throw new Error("The club child was not added.");
      childIds.push(added.id);
    }
    const uploads = fs.mkdtempSync(path.join(os.tmpdir(), "toi-club-artwork-"));
    dirs.push(uploads);
    const png = await sharp({ create: { width: 400, height: 300, channels: 3, background: "#3a6" } })
      .png()
      .toBuffer();
    const image = (name: string) => new File([png], name, { type: "image/png" });
    const svg = new File(['<svg xmlns="http://www.w3.org/2000/svg"/>'], "x.svg", { type: "image/svg+xml" });
    const submitter = { userId: leader.id, email: leader.email, role: "club_leader" as const, clubId };
    const batch = (idempotencyKey: string) => ({
      eventId: ev.eventId,
      nominationId: ev.nominationId,
      format: "solo" as const,
      idempotencyKey,
      artworks: { uploads },
      entries: childIds.map((id, i) => ({
        memberIds: [id],
        title: `Дала ${i}`,
        durationSeconds: null,
        videoUrl: null,
        artwork: [image("a.png"), image("b.png"), svg, null][i],
      })),
    });
    const files = () => fs.readdirSync(uploads, { recursive: true }).filter((f) => /\.(png|jpg)$/.test(String(f)));
    return { submitter, batch, files, uploads, childIds };
  }

  it("enters each child with its own image, refuses a bad image or none by name, and keeps no stray file", async () => {
    const { submitter, batch, files, uploads } = await setUp();
    const key = crypto.randomBytes(18).toString("base64url");
    const results = await submitClubEntries(t.db, submitter, batch(key), BASE_URL, NOW);
    expect(results.map((r) => (r.result.ok ? r.result.status : "refused"))).toEqual([
      "confirmed",
      "confirmed",
      "refused",
      "refused",
    ]);
    expect(results[2]!.result).toEqual({ ok: false, artworkRefused: "svg_refused" });
    expect(codes(results[3]!.result)).toEqual(["artwork_required"]);

    const stored = await t.db
      .selectFrom("entries")
      .select(["artwork_file", "club_id"])
      .where("event_id", "=", batch(key).eventId)
      .orderBy("id")
      .execute();
    expect(stored).toHaveLength(2);
    expect(stored.every((e) => e.club_id === submitter.clubId)).toBe(true);
    expect(
      files()
        .map((f) => `artworks/${String(f).split(path.sep).slice(-3).join("/")}`)
        .sort(),
    ).toEqual(stored.map((e) => e.artwork_file).sort());
    for (const e of stored) expect(fs.existsSync(path.join(uploads, e.artwork_file!))).toBe(true);

    // The same post again (a double click): the entries made are answered, no second copy of an image stays.
    const again = await submitClubEntries(t.db, submitter, batch(key), BASE_URL, NOW);
    expect(again.slice(0, 2).map((r) => r.result.ok && r.result.duplicate)).toEqual([true, true]);
    expect(files()).toHaveLength(2);
  });

  it("removes the images when saving fails, and passes the failure on", async () => {
    const { submitter, batch, files } = await setUp();
    const failing = t.db.withPlugin({
      transformQuery: (args) => {
        if (args.node.kind === "InsertQueryNode") throw new Error("database gone");
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    await expect(submitClubEntries(failing, submitter, batch("failing-batch-key-0001"), BASE_URL, NOW)).rejects.toThrow(
      "database gone",
    );
    expect(files()).toEqual([]);
  });
});

describe("a batch form's images", () => {
  it("are taken out of the form by child, and a group's on its own; other fields stay", () => {
    const form = new FormData();
    form.set("children.c12.on", "on");
    form.set("children.c12.artwork", new File(["x"], "a.png"));
    form.set("children.c7.artwork", new File(["y"], "b.png"));
    form.set("artwork", new File(["z"], "g.png"));
    form.set("children.c9.artwork", "not a file");
    const { byChild, group } = takeBatchArtworks(form);
    expect([...byChild.keys()].sort()).toEqual([12, 7]);
    expect(group?.name).toBe("g.png");
    expect([...form.keys()].sort()).toEqual(["children.c12.on", "children.c9.artwork"]);
  });
});
