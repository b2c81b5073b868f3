import { type ChildProcess, spawn } from "node:child_process";
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

  /** Another process (a real one, with its own pid) holding `dir` open, as a running Toi would. */
  async function holdInAnotherProcess(dir: string): Promise<ChildProcess> {
    const child = spawn(
      process.execPath,
      [
        "node_modules/vite-node/vite-node.mjs",
        "--config",
        "vitest.config.ts",
        "tests/db/fixtures/hold-data-dir.ts",
        dir,
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the holder did not start:\n${output}`)), 90_000);
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("HOLDING")) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on("data", read);
      child.stderr!.on("data", read);
      child.once("exit", (code) => reject(new Error(`the holder exited (${code}):\n${output}`)));
    });
    return child;
  }

  test("refuses a second live process, and opens at once after the holder was killed with -9", async () => {
    const dir = path.join(root, "crashed");
    const holder = await holdInAnotherProcess(dir);
    try {
      await expect(openDatabase({ dataDir: dir })).rejects.toBeInstanceOf(DataDirLockedError);
    } finally {
      holder.kill("SIGKILL");
    }
    await new Promise((resolve) => holder.once("exit", resolve));

    // proper-lockfile alone would call the lock fresh for another 10 s (its `stale` time).
    const reopened = await openDatabase({ dataDir: dir });
    try {
      await migrateToLatest(reopened.db);
      expect(reopened.engine).toBe("pglite");
    } finally {
      await reopened.close();
    }
    expect(fs.existsSync(`${path.resolve(dir)}.lock`)).toBe(false);
    expect(fs.existsSync(`${path.resolve(dir)}.lock.holder`)).toBe(false);
  });
});
