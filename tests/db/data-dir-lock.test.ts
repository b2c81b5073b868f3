import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { DataDirLockedError, migrateToLatest, type OpenDatabase, openDatabase } from "~/.server/platform/db.server";

// Only PGlite keeps its data in a directory of this process; PostgreSQL has its own locking.
describe("the embedded database's data directory", () => {
  let root: string;
  let dataDir: string;

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "toi-lock-"));
    dataDir = path.join(root, "data");
  });
  afterAll(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  test("is locked while open, and after close reopens with the data written before", async () => {
    let first: OpenDatabase | undefined = await openDatabase({ dataDir });
    let reopened: OpenDatabase | undefined;
    try {
      expect(first.engine).toBe("pglite");
      await migrateToLatest(first.db);
      await first.db.insertInto("app_settings").values({ key: "written-before-close", value: "қазан" }).execute();

      const second = openDatabase({ dataDir });
      await expect(second).rejects.toBeInstanceOf(DataDirLockedError);
      await expect(second).rejects.toThrow(dataDir);

      await first.close();
      first = undefined;

      reopened = await openDatabase({ dataDir });
      const row = await reopened.db
        .selectFrom("app_settings")
        .select("value")
        .where("key", "=", "written-before-close")
        .executeTakeFirst();
      expect(row?.value).toBe("қазан");
      expect(await migrateToLatest(reopened.db)).toEqual([]);
    } finally {
      await first?.close();
      await reopened?.close();
    }
  });
});
