import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { describe, expect, test } from "vitest";

import {
  findings,
  headingAnchors,
  isVulnerable,
  judgeRegistry,
  listProblems,
  lockedPackages,
  readNpmAudit,
} from "./check.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

const ADR = "docs/decisions/0012-dependency-audit.md";
const anchorsOf = (file: string) => (file === ADR ? new Set(["accepted-section"]) : null);

const advisory = (over: Record<string, unknown> = {}) => ({
  id: "GHSA-aaaa-bbbb-cccc",
  package: "left-pad",
  vulnerable: "<1.3.0",
  severity: "high",
  summary: "Something bad.",
  fixedIn: "1.3.0",
  ...over,
});

const lock = {
  lockfileVersion: 3,
  packages: {
    "": { name: "toi", version: "0.1.0", dependencies: { express: "4.22.3" } },
    "node_modules/express": { version: "4.22.3" },
    "node_modules/qs": { version: "6.13.0" },
    "node_modules/vitest": { version: "4.1.12", dev: true },
    "node_modules/fsevents": { version: "2.3.3", dev: true, optional: true },
    "node_modules/@img/sharp-linux-x64": { version: "0.35.5", optional: true },
    "node_modules/esbuild-wasm": { version: "0.25.0", devOptional: true },
    "node_modules/@remix-run/react/node_modules/turbo-stream": { version: "2.4.1" },
    "node_modules/body-parser/node_modules/qs": { version: "6.14.0", dev: true },
    "node_modules/string-width-cjs": { name: "string-width", version: "4.2.3" },
    "node_modules/local-lib": { resolved: "packages/local-lib", link: true },
    "packages/local-lib": { name: "local-lib", version: "1.0.0" },
  },
};

describe("isVulnerable", () => {
  test("matches the range's bounds exactly", () => {
    expect(isVulnerable("6.13.0", "<6.14.1")).toBe(true);
    expect(isVulnerable("6.14.0", "<6.14.1")).toBe(true);
    expect(isVulnerable("6.14.1", "<6.14.1")).toBe(false);
    expect(isVulnerable("6.16.2", "<6.14.1")).toBe(false);
  });

  test("reads ranges joined with || as any of them", () => {
    const range = "<0.1.10 || >=0.2.0 <1.9.0 || >=4.0.0 <6.3.0";
    expect(isVulnerable("0.1.7", range)).toBe(true);
    expect(isVulnerable("0.1.13", range)).toBe(false);
    expect(isVulnerable("1.8.0", range)).toBe(true);
    expect(isVulnerable("3.2.0", range)).toBe(false);
    expect(isVulnerable("6.2.2", range)).toBe(true);
    expect(isVulnerable("6.3.0", range)).toBe(false);
  });

  test("counts a pre-release of the fixed version as vulnerable and of a later line as not", () => {
    expect(isVulnerable("6.14.1-rc.1", "<6.14.1")).toBe(true);
    expect(isVulnerable("5.0.0-beta.1", "<4.19.2 || >=5.0.0-alpha.1 <5.0.0-beta.3")).toBe(true);
    expect(isVulnerable("5.0.0-beta.3", "<4.19.2 || >=5.0.0-alpha.1 <5.0.0-beta.3")).toBe(false);
  });

  test("never matches a version that is not semver", () => {
    expect(isVulnerable("github:foo/bar", "<9.0.0")).toBe(false);
  });
});

describe("lockedPackages", () => {
  const byPath = Object.fromEntries(lockedPackages(lock).map((p) => [p.path, p]));

  test("marks only dev: true entries as dev; optional and devOptional ones are installed for production", () => {
    expect(byPath["node_modules/express"]).toMatchObject({ name: "express", dev: false });
    expect(byPath["node_modules/vitest"]).toMatchObject({ dev: true });
    expect(byPath["node_modules/fsevents"]).toMatchObject({ dev: true });
    expect(byPath["node_modules/@img/sharp-linux-x64"]).toMatchObject({ name: "@img/sharp-linux-x64", dev: false });
    expect(byPath["node_modules/esbuild-wasm"]).toMatchObject({ dev: false });
  });

  test("names nested copies by their last node_modules segment, and aliases by their real name", () => {
    expect(byPath["node_modules/@remix-run/react/node_modules/turbo-stream"]).toMatchObject({
      name: "turbo-stream",
      version: "2.4.1",
      dev: false,
    });
    expect(byPath["node_modules/body-parser/node_modules/qs"]).toMatchObject({ name: "qs", dev: true });
    expect(byPath["node_modules/string-width-cjs"]).toMatchObject({ name: "string-width" });
  });

  test("leaves out the project itself, workspace links and workspace folders", () => {
    expect(Object.keys(byPath)).not.toContain("");
    expect(Object.keys(byPath)).not.toContain("node_modules/local-lib");
    expect(Object.keys(byPath)).not.toContain("packages/local-lib");
  });

  test("refuses a lock file without a packages map (lockfileVersion 1)", () => {
    expect(() => lockedPackages({ lockfileVersion: 1, dependencies: {} })).toThrow(/lockfileVersion 2 or 3/);
  });
});

describe("findings", () => {
  const packages = lockedPackages(lock);

  test("fails on a high advisory in a runtime package, and names every copy it matches", () => {
    const [qs] = findings(packages, [advisory({ package: "qs", vulnerable: "<6.14.1" })]);
    expect(qs!.failing).toBe(true);
    expect(qs!.runtime.map((p) => p.version)).toEqual(["6.13.0"]);
    expect(qs!.dev.map((p) => p.version)).toEqual(["6.14.0"]);
  });

  test("reports a high advisory that matches only dev packages without failing", () => {
    const [vitest] = findings(packages, [advisory({ package: "vitest", vulnerable: "<5.0.0", severity: "critical" })]);
    expect(vitest).toMatchObject({ failing: false, runtime: [] });
    expect(vitest!.dev).toHaveLength(1);
  });

  test("reports moderate and low runtime advisories without failing", () => {
    const found = findings(packages, [
      advisory({ package: "express", vulnerable: "<5.0.0", severity: "moderate" }),
      advisory({ id: "GHSA-low", package: "express", vulnerable: "<5.0.0", severity: "low" }),
    ]);
    expect(found.map((f) => [f.advisory.severity, f.failing])).toEqual([
      ["moderate", false],
      ["low", false],
    ]);
  });

  test("does not fail on an accepted runtime advisory, but still reports it", () => {
    const accepted = { reason: "not exposed", adr: `${ADR}#accepted-section` };
    const [turbo] = findings(packages, [advisory({ package: "turbo-stream", vulnerable: "<3.0.0", accepted })]);
    expect(turbo).toMatchObject({ failing: false, advisory: { accepted } });
    expect(turbo!.runtime).toHaveLength(1);
  });

  test("lists nothing for a package that is not installed or is already fixed, most severe first otherwise", () => {
    const found = findings(packages, [
      advisory({ package: "express", vulnerable: "<4.19.2" }),
      advisory({ package: "not-installed", vulnerable: "*" }),
      advisory({ package: "express", vulnerable: "<5.0.0", severity: "low" }),
      advisory({ package: "qs", vulnerable: "<7.0.0", severity: "critical" }),
    ]);
    expect(found.map((f) => `${f.advisory.package} ${f.advisory.severity}`)).toEqual(["qs critical", "express low"]);
  });
});

describe("listProblems", () => {
  test("finds nothing wrong with a complete list", () => {
    const list = {
      advisories: [advisory(), advisory({ id: "X", accepted: { reason: "r", adr: `${ADR}#accepted-section` } })],
    };
    expect(listProblems(list, anchorsOf)).toEqual([]);
  });

  test("names each missing field, bad severity, bad range and duplicate", () => {
    const problems = listProblems(
      {
        advisories: [
          advisory({ summary: "" }),
          advisory({ id: "B", severity: "severe", vulnerable: "less than 2" }),
          advisory({ id: "B", severity: "severe", vulnerable: "less than 2" }),
        ],
      },
      anchorsOf,
    );
    expect(problems).toContain('GHSA-aaaa-bbbb-cccc (left-pad): "summary" is missing');
    expect(problems).toContain('B (left-pad): severity "severe" is not one of info, low, moderate, high, critical');
    expect(problems).toContain('B (left-pad): "less than 2" is not a semver range');
    expect(problems).toContain("B (left-pad): listed twice");
    expect(listProblems({}, anchorsOf)).toEqual(['the list has no "advisories" array']);
  });

  test("requires an accepted advisory to give a reason and link an existing section of an ADR", () => {
    const problemsOf = (accepted: unknown) => listProblems({ advisories: [advisory({ accepted })] }, anchorsOf);
    expect(problemsOf({ reason: "", adr: `${ADR}#accepted-section` })).toEqual([
      "GHSA-aaaa-bbbb-cccc (left-pad): an accepted advisory needs a reason",
    ]);
    expect(problemsOf({ reason: "r", adr: ADR })[0]).toMatch(/must link a section of an ADR/);
    expect(problemsOf({ reason: "r", adr: "README.md#scripts" })[0]).toMatch(/must link a section of an ADR/);
    expect(problemsOf({ reason: "r", adr: "docs/decisions/9999-none.md#x" })).toEqual([
      "GHSA-aaaa-bbbb-cccc (left-pad): docs/decisions/9999-none.md does not exist",
    ]);
    expect(problemsOf({ reason: "r", adr: `${ADR}#elsewhere` })).toEqual([
      `GHSA-aaaa-bbbb-cccc (left-pad): ${ADR} has no section #elsewhere`,
    ]);
    expect(problemsOf(true)[0]).toMatch(/must be \{ reason, adr \}/);
  });
});

describe("headingAnchors", () => {
  test("gives the anchors a Markdown renderer would", () => {
    const anchors = headingAnchors("# 12. Title\n\ntext\n## turbo-stream 2.4.1 (CVE-2026-34077): not exposed\n");
    expect([...anchors]).toEqual(["12-title", "turbo-stream-241-cve-2026-34077-not-exposed"]);
  });
});

describe("readNpmAudit and judgeRegistry", () => {
  test("treats the registry's refusal as no answer, with npm's reason", () => {
    const refused = JSON.stringify({
      message: "405 Method Not Allowed - POST /-/npm/v1/security/advisories/bulk",
      statusCode: 405,
      error: { summary: "", detail: "" },
    });
    expect(readNpmAudit(refused)).toEqual({
      answered: false,
      reason: "405 Method Not Allowed - POST /-/npm/v1/security/advisories/bulk",
    });
    expect(readNpmAudit("npm ERR! network")).toEqual({ answered: false, reason: "npm audit printed no JSON report" });
  });

  const report = JSON.stringify({
    auditReportVersion: 2,
    vulnerabilities: {
      "turbo-stream": {
        name: "turbo-stream",
        severity: "high",
        via: [
          {
            source: 1,
            name: "turbo-stream",
            title: "DoS in single fetch",
            url: "https://example.test/advisories/GHSA-rxv8-25v2-qmq8",
            severity: "high",
            range: "<3.0.0",
          },
        ],
      },
      "@remix-run/react": { name: "@remix-run/react", severity: "high", via: ["turbo-stream"] },
      qs: {
        name: "qs",
        severity: "high",
        via: [{ source: 2, name: "qs", title: "arrayLimit bypass", url: "x/GHSA-6rw7-vpxm-498p", severity: "high" }],
      },
      ms: {
        name: "ms",
        severity: "moderate",
        via: [{ source: 3, name: "ms", title: "ReDoS", url: "x/GHSA-w9mr-4mfr-499f", severity: "moderate" }],
      },
    },
    metadata: { vulnerabilities: { high: 3, moderate: 1 } },
  });

  test("reads each advisory once, by its GHSA id, and skips packages flagged only through a dependency", () => {
    const read = readNpmAudit(report);
    expect(read.answered).toBe(true);
    if (!read.answered) return;
    expect(read.advisories.map((a) => `${a.id} ${a.package} ${a.severity}`)).toEqual([
      "GHSA-rxv8-25v2-qmq8 turbo-stream high",
      "GHSA-6rw7-vpxm-498p qs high",
      "GHSA-w9mr-4mfr-499f ms moderate",
    ]);
  });

  test("fails on the registry's high advisories unless the list accepts that id, or an alias, for that package", () => {
    const read = readNpmAudit(report);
    if (!read.answered) throw new Error("expected a report");
    const accepted = { reason: "not exposed", adr: `${ADR}#accepted-section` };
    const judge = (list: ReturnType<typeof advisory>[]) =>
      judgeRegistry(read.advisories, list).map((r) => `${r.package} ${r.failing ? "fails" : "passes"}`);
    expect(judge([])).toEqual(["qs fails", "turbo-stream fails", "ms passes"]);
    expect(
      judge([advisory({ id: "CVE-2026-34077", aliases: ["GHSA-rxv8-25v2-qmq8"], package: "turbo-stream", accepted })]),
    ).toEqual(["qs fails", "turbo-stream passes", "ms passes"]);
    expect(judge([advisory({ id: "GHSA-rxv8-25v2-qmq8", package: "other-package", accepted })])).toContain(
      "turbo-stream fails",
    );
    expect(judge([advisory({ id: "GHSA-6rw7-vpxm-498p", package: "qs" })])).toContain("qs fails");
  });
});

describe("the repository's own list and lock file", () => {
  test("the advisory list is valid and its accepted entries link sections that exist", () => {
    const list = JSON.parse(read("tests/audit/advisories.json"));
    const anchors = (file: string) => (fs.existsSync(path.join(ROOT, file)) ? headingAnchors(read(file)) : null);
    expect(listProblems(list, anchors)).toEqual([]);
  });

  test("turbo-stream is a runtime package and vitest a dev one", () => {
    const packages = lockedPackages(JSON.parse(read("package-lock.json")));
    expect(packages.find((p) => p.name === "turbo-stream")).toMatchObject({ dev: false });
    expect(packages.find((p) => p.name === "vitest")).toMatchObject({ dev: true });
  });
});

// ADR 0012 accepts turbo-stream 2.4.1 because nothing on the server decodes a turbo-stream: Toi's
// code does not use the package, and Remix's server runtime only encodes. Either changing voids it.
describe("the premises of the accepted turbo-stream advisory", () => {
  const sources = (dir: string): string[] =>
    fs
      .readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile() && /\.(?:ts|tsx|mjs|js)$/.test(e.name))
      .map((e) => path.join(e.parentPath, e.name));

  test("Toi's own code never imports turbo-stream", () => {
    const importing = [...sources("app"), path.join(ROOT, "server.mjs")].filter((file) =>
      /["']turbo-stream["']/.test(fs.readFileSync(file, "utf8")),
    );
    expect(importing).toEqual([]);
  });

  test("Remix's server runtime uses turbo-stream's encode and never its decode", () => {
    const uses = new Set<string>();
    for (const file of sources("node_modules/@remix-run/server-runtime/dist")) {
      const text = fs.readFileSync(file, "utf8");
      for (const m of text.matchAll(/turboStream\.(\w+)/g)) uses.add(m[1]!);
      for (const m of text.matchAll(/import \{([^}]*)\} from ['"]turbo-stream['"]/g)) {
        for (const name of m[1]!.split(",")) uses.add(name.trim());
      }
    }
    expect([...uses]).toEqual(["encode"]);
  });

  test("user text goes through Remix's encode and decode as text and cannot forge turbo-stream entries", async () => {
    const { encodeViaTurboStream } = await import("@remix-run/server-runtime/dist/single-fetch.js");
    const { ServerMode } = await import("@remix-run/server-runtime/dist/mode.js");
    const { decodeViaTurboStream } = await import("@remix-run/react/dist/single-fetch.js");
    const hostile = [
      'x"]\nP1:[["E","alert(1)","Function"]]\n',
      '["E","message","Function"]',
      ["SanitizedError", "Function", "return 1"].join("\n"),
      "\u2028\u2029",
      "\ud800",
      "-7",
      "__proto__",
    ];
    for (const text of hostile) {
      const data = { root: { data: { q: text, list: [text, text], [text]: "key" } } };
      const stream = encodeViaTurboStream(data, new AbortController().signal, 1000, ServerMode.Production);
      const decoded = await decodeViaTurboStream(stream, globalThis);
      await decoded.done;
      const back = (decoded.value as typeof data).root.data;
      expect(back.q).toBe(text);
      expect(back.list).toEqual([text, text]);
      expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
      // An own "__proto__" key is dropped on decoding; every other key comes back as written.
      if (text !== "__proto__") expect(back[text as "q"]).toBe("key");
    }
  });
});
