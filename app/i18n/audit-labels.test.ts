import fs from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { ENTITY_TYPES } from "~/routes/admin.audit";

import { catalogues } from ".";

/**
 * The audit log shows every action and object in the reader's language, never a raw code. The
 * codes are read from the server code itself, so a new audited action without a label fails here.
 */
const SERVER = path.resolve("app/.server");

function sources(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .flatMap((d) =>
      d.isFile() && d.name.endsWith(".ts") && !d.name.endsWith(".test.ts")
        ? [fs.readFileSync(path.join(d.parentPath, d.name), "utf8")]
        : [],
    );
}

/** Actions built from a value: the values each can take, from their types. */
const BUILT = {
  "entry.${decision}": ["entry.approve", "entry.reject"],
  "schedule.${resolved.kind}": ["schedule.move", "schedule.swap", "schedule.moveTo"],
};

function auditedCodes() {
  const code = sources(SERVER).join("\n");
  const actions = new Set<string>();
  for (const m of code.matchAll(/action: ([^,\n]+)/g)) {
    for (const literal of m[1]!.matchAll(/"([a-z_]+\.[a-zA-Z_]+)"/g)) actions.add(literal[1]!);
    const template = /`([^`]+)`/.exec(m[1]!)?.[1];
    if (template) {
      expect(Object.keys(BUILT), `list the values of the audited action \`${template}\``).toContain(template);
      for (const value of BUILT[template as keyof typeof BUILT]) actions.add(value);
    }
  }
  for (const m of code.matchAll(/auditState\([^"]*"([a-z_]+\.[a-z_]+)"/g)) actions.add(m[1]!);
  const entities = new Set([...code.matchAll(/entityType: "([a-z_]+)"/g)].map((m) => m[1]!));
  return { actions: [...actions].sort(), entities: [...entities].sort() };
}

describe("audit log labels", () => {
  const { actions, entities } = auditedCodes();

  it("finds the audited actions and objects in the server code", () => {
    expect(actions.length).toBeGreaterThan(50);
    expect(actions).toContain("results.publish");
    expect(entities).toContain("schedule_version");
    expect([...ENTITY_TYPES].sort()).toEqual(entities);
  });

  it.each(["kk", "ru", "en"] as const)("labels every one of them in %s", (locale) => {
    const audit = catalogues[locale].audit as Record<string, string>;
    const missing = [
      ...actions.map((a) => `action_${a.replace(".", "_")}`),
      ...entities.map((e) => `entity_${e}`),
    ].filter((key) => !audit[key]?.trim());
    expect(missing).toEqual([]);
  });
});
