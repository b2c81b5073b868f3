#!/usr/bin/env node
// Dependency audit (`npm run audit`, a CI step): fails on a high or critical advisory in a runtime
// dependency that is not accepted in tests/audit/advisories.json.
//
// 1. asks the registry (`npm audit --omit=dev --json`); when it answers, its high and critical
//    advisories fail unless the list accepts them. Where the registry refuses the bulk advisory
//    request (405) or cannot be reached, that is said, and step 2 decides alone;
// 2. always checks package-lock.json's runtime packages against tests/audit/advisories.json.
//
// `npm run audit -- --offline` skips step 1. Exit 0: pass; 1: a failing finding; 2: the list or the
// lock file cannot be read. How to keep the list: docs/decisions/0012-dependency-audit.md.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

import { findings, headingAnchors, judgeRegistry, listProblems, lockedPackages, readNpmAudit } from "./check.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const LIST_FILE = "tests/audit/advisories.json";
const REGISTRY_TIMEOUT_MS = 120_000;

function main() {
  const offline = process.argv.includes("--offline");
  let lock, list;
  try {
    lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8"));
    list = JSON.parse(fs.readFileSync(path.join(ROOT, LIST_FILE), "utf8"));
  } catch (err) {
    console.error(`Dependency audit: cannot read package-lock.json or ${LIST_FILE}: ${err.message}`);
    return 2;
  }
  const problems = listProblems(list, anchorsOf);
  if (problems.length > 0) {
    console.error(`Dependency audit: ${LIST_FILE} is not valid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    return 2;
  }
  let packages;
  try {
    packages = lockedPackages(lock);
  } catch (err) {
    console.error(`Dependency audit: ${err.message}`);
    return 2;
  }
  const runtimeCount = packages.filter((p) => !p.dev).length;
  console.log(
    `Dependency audit of package-lock.json: ${runtimeCount} runtime packages checked, ` +
      `${packages.length - runtimeCount} dev-only packages reported but not counted.\n`,
  );

  const registry = offline ? { answered: false, reason: "skipped (--offline)" } : askRegistry();
  let failing = 0;
  let accepted = 0;
  if (registry.answered) {
    const judged = judgeRegistry(registry.advisories, list.advisories);
    console.log(`Registry (npm audit --omit=dev): ${judged.length} advisories in runtime dependencies.`);
    for (const r of judged) {
      console.log(`  ${r.severity.toUpperCase().padEnd(9)} ${r.package} ${r.range}: ${r.id} ${r.title}`);
      if (r.accepted) console.log(`            accepted: ${r.accepted.reason} (${r.accepted.adr})`);
      if (r.failing) console.log(`            FAILS: not accepted in ${LIST_FILE}`);
      if (r.failing) failing++;
      if (r.accepted && ["high", "critical"].includes(r.severity)) accepted++;
    }
  } else {
    console.log(`Registry (npm audit --omit=dev) did not answer: ${registry.reason}`);
    console.log(`  The advisory list below decides alone.`);
  }

  const found = findings(packages, list.advisories);
  console.log(
    `\nAdvisory list ${LIST_FILE}: ${list.advisories.length} advisories, reviewed ${list.reviewed ?? "(no date)"}; ` +
      `${found.length} match the lock file.`,
  );
  for (const f of found) {
    const a = f.advisory;
    const where = (f.runtime.length > 0 ? f.runtime : f.dev).map((p) => `${p.version} (${p.path})`).join(", ");
    const scope = f.runtime.length > 0 ? "" : " — dev only, not counted";
    console.log(`  ${a.severity.toUpperCase().padEnd(9)} ${a.package} ${where}${scope}`);
    console.log(`            ${[a.id, ...(a.aliases ?? [])].join(" / ")}: ${a.summary} Fixed in ${a.fixedIn}.`);
    if (a.accepted) console.log(`            accepted: ${a.accepted.reason} (${a.accepted.adr})`);
    if (f.failing) console.log(`            FAILS: a runtime dependency, not accepted`);
    if (f.failing) failing++;
    if (a.accepted && f.runtime.length > 0 && ["high", "critical"].includes(a.severity)) accepted++;
  }

  if (failing > 0) {
    console.log(
      `\nFAIL: ${failing} high or critical advisory finding(s) in runtime dependencies are not accepted. ` +
        `Upgrade the package (or pin a fixed version with an "overrides" entry), or, if Toi is not exposed, ` +
        `say why in an ADR and mark the entry accepted (see docs/decisions/0012-dependency-audit.md).`,
    );
    return 1;
  }
  console.log(
    `\nPASS: no high or critical advisory in a runtime dependency that is not accepted` +
      (accepted > 0 ? ` (${accepted} accepted finding(s), each with its reason above).` : "."),
  );
  return 0;
}

/** Runs `npm audit`; an answer that is not a report (405, no network, a timeout) is a reason. */
function askRegistry() {
  const run = spawnSync("npm", ["audit", "--omit=dev", "--json"], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: REGISTRY_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) return { answered: false, reason: `npm audit did not run: ${run.error.message}` };
  return readNpmAudit(run.stdout);
}

/** @param {string} file */
function anchorsOf(file) {
  const full = path.join(ROOT, file);
  return fs.existsSync(full) ? headingAnchors(fs.readFileSync(full, "utf8")) : null;
}

process.exitCode = main();
