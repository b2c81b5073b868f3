// The dependency audit's logic, without I/O: which packages the lock file installs for production,
// which advisories in tests/audit/advisories.json match them, what `npm audit --json` answered, and
// whether any of it fails the build. tests/audit/audit.mjs (`npm run audit`) does the reading and
// printing; docs/decisions/0012-dependency-audit.md says why it works this way.

import semver from "semver";

export const SEVERITIES = ["info", "low", "moderate", "high", "critical"];
/** Severities that fail the audit when found in a runtime dependency and not accepted. */
export const FAILING_SEVERITIES = new Set(["high", "critical"]);

/**
 * @typedef {{ name: string, version: string, path: string, dev: boolean }} LockedPackage
 * @typedef {{ reason: string, adr: string }} Acceptance
 * @typedef {{
 *   id: string, aliases?: string[], package: string, vulnerable: string,
 *   severity: string, summary: string, fixedIn: string, accepted?: Acceptance
 * }} Advisory
 * @typedef {{ advisory: Advisory, runtime: LockedPackage[], dev: LockedPackage[], failing: boolean }} Finding
 * @typedef {{ id: string, package: string, severity: string, title: string, range: string }} RegistryAdvisory
 */

const NODE_MODULES = "node_modules/";

/**
 * Every installed package in a lockfileVersion 2 or 3 lock, with `dev` true for those that
 * `npm ci --omit=dev` leaves out. `devOptional` packages are optional dependencies of runtime
 * packages too, so they count as runtime.
 * @param {unknown} lock the parsed package-lock.json
 * @returns {LockedPackage[]}
 */
export function lockedPackages(lock) {
  const packages = /** @type {{ packages?: Record<string, any> }} */ (lock ?? {}).packages;
  if (!packages || typeof packages !== "object") {
    throw new Error('package-lock.json has no "packages" map: lockfileVersion 2 or 3 is needed (npm 7 or later)');
  }
  /** @type {LockedPackage[]} */
  const found = [];
  for (const [path, entry] of Object.entries(packages)) {
    // "" is the project itself; links and paths outside node_modules are workspace folders.
    if (!path.includes(NODE_MODULES) || entry.link || typeof entry.version !== "string") continue;
    const name =
      typeof entry.name === "string" ? entry.name : path.slice(path.lastIndexOf(NODE_MODULES) + NODE_MODULES.length);
    found.push({ name, version: entry.version, path, dev: entry.dev === true });
  }
  return found;
}

/**
 * Whether an installed version lies in an advisory's vulnerable range. Pre-releases count: a
 * release candidate of the fixed version is still before the fix.
 * @param {string} version
 * @param {string} range
 */
export function isVulnerable(version, range) {
  return semver.valid(version) !== null && semver.satisfies(version, range, { includePrerelease: true });
}

/**
 * What is wrong with the advisory list, one sentence each (an empty list when nothing is).
 * `anchorsOf(file)` gives the heading anchors of a repository file, or null when it does not exist.
 * @param {unknown} list the parsed advisories.json
 * @param {(file: string) => Set<string> | null} anchorsOf
 * @returns {string[]}
 */
export function listProblems(list, anchorsOf) {
  const advisories = /** @type {{ advisories?: unknown }} */ (list ?? {}).advisories;
  if (!Array.isArray(advisories)) return ['the list has no "advisories" array'];
  /** @type {string[]} */
  const problems = [];
  const seen = new Set();
  advisories.forEach((raw, index) => {
    const a = /** @type {Record<string, any>} */ (raw ?? {});
    const label = typeof a.id === "string" && a.id ? `${a.id} (${a.package})` : `entry ${index + 1}`;
    for (const field of ["id", "package", "vulnerable", "severity", "summary", "fixedIn"]) {
      if (typeof a[field] !== "string" || !a[field].trim()) problems.push(`${label}: "${field}" is missing`);
    }
    const key = `${a.id} ${a.package}`;
    if (seen.has(key)) problems.push(`${label}: listed twice`);
    seen.add(key);
    if (typeof a.severity === "string" && !SEVERITIES.includes(a.severity)) {
      problems.push(`${label}: severity "${a.severity}" is not one of ${SEVERITIES.join(", ")}`);
    }
    if (typeof a.vulnerable === "string" && semver.validRange(a.vulnerable) === null) {
      problems.push(`${label}: "${a.vulnerable}" is not a semver range`);
    }
    if (a.aliases !== undefined && !(Array.isArray(a.aliases) && a.aliases.every((x) => typeof x === "string"))) {
      problems.push(`${label}: "aliases" must be a list of ids`);
    }
    if (a.accepted !== undefined) problems.push(...acceptanceProblems(label, a.accepted, anchorsOf));
  });
  return problems;
}

/**
 * @param {string} label
 * @param {any} accepted
 * @param {(file: string) => Set<string> | null} anchorsOf
 */
function acceptanceProblems(label, accepted, anchorsOf) {
  if (!accepted || typeof accepted !== "object") return [`${label}: "accepted" must be { reason, adr }`];
  /** @type {string[]} */
  const problems = [];
  if (typeof accepted.reason !== "string" || !accepted.reason.trim()) {
    problems.push(`${label}: an accepted advisory needs a reason`);
  }
  const [file, anchor] = typeof accepted.adr === "string" ? accepted.adr.split("#") : [];
  if (!file || !file.startsWith("docs/decisions/") || !anchor) {
    problems.push(`${label}: "adr" must link a section of an ADR, as docs/decisions/NNNN-name.md#section`);
    return problems;
  }
  const anchors = anchorsOf(file);
  if (!anchors) problems.push(`${label}: ${file} does not exist`);
  else if (!anchors.has(anchor)) problems.push(`${label}: ${file} has no section #${anchor}`);
  return problems;
}

/**
 * The anchors a Markdown renderer gives the headings of a document: lower case, punctuation
 * dropped, spaces turned into hyphens.
 * @param {string} markdown
 */
export function headingAnchors(markdown) {
  const anchors = new Set();
  for (const line of markdown.split("\n")) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      anchors.add(
        heading[1]
          .toLowerCase()
          .replace(/[^\p{L}\p{N}\s_-]/gu, "")
          .replace(/\s/g, "-"),
      );
    }
  }
  return anchors;
}

/**
 * Every advisory that matches an installed package, split by runtime and dev-only copies.
 * @param {LockedPackage[]} packages
 * @param {Advisory[]} advisories
 * @returns {Finding[]}
 */
export function findings(packages, advisories) {
  /** @type {Finding[]} */
  const found = [];
  for (const advisory of advisories) {
    const hits = packages.filter((p) => p.name === advisory.package && isVulnerable(p.version, advisory.vulnerable));
    if (hits.length === 0) continue;
    const runtime = hits.filter((p) => !p.dev);
    found.push({
      advisory,
      runtime,
      dev: hits.filter((p) => p.dev),
      failing: runtime.length > 0 && FAILING_SEVERITIES.has(advisory.severity) && !advisory.accepted,
    });
  }
  return found.sort(bySeverityThenName);
}

/** @param {{ advisory: { severity: string, package: string } }} a @param {{ advisory: { severity: string, package: string } }} b */
function bySeverityThenName(a, b) {
  return (
    SEVERITIES.indexOf(b.advisory.severity) - SEVERITIES.indexOf(a.advisory.severity) ||
    a.advisory.package.localeCompare(b.advisory.package)
  );
}

/**
 * What `npm audit --omit=dev --json` printed: the advisories it reported, or why it did not answer
 * (the registry refused the bulk request, npm could not reach it, the output was not a report).
 * @param {string} stdout
 * @returns {{ answered: true, advisories: RegistryAdvisory[] } | { answered: false, reason: string }}
 */
export function readNpmAudit(stdout) {
  /** @type {any} */
  let report;
  try {
    report = JSON.parse(stdout);
  } catch {
    return { answered: false, reason: "npm audit printed no JSON report" };
  }
  if (!report || report.auditReportVersion !== 2 || typeof report.vulnerabilities !== "object") {
    const message = report?.message ?? report?.error?.summary ?? "no audit report";
    return { answered: false, reason: String(message) };
  }
  /** @type {Map<string, RegistryAdvisory>} */
  const advisories = new Map();
  for (const vulnerability of Object.values(report.vulnerabilities ?? {})) {
    // A string in `via` names another vulnerable package this one depends on: reported under its own name.
    for (const via of /** @type {any} */ (vulnerability).via ?? []) {
      if (!via || typeof via !== "object") continue;
      const id = /GHSA(?:-[0-9a-z]{4}){3}$/i.exec(String(via.url ?? ""))?.[0] ?? String(via.source);
      advisories.set(`${id} ${via.name}`, {
        id,
        package: String(via.name),
        severity: String(via.severity),
        title: String(via.title ?? ""),
        range: String(via.range ?? ""),
      });
    }
  }
  return { answered: true, advisories: [...advisories.values()] };
}

/**
 * The registry's advisories judged like the list's: high or critical fails unless the list accepts
 * that advisory (by id or alias) for that package.
 * @param {RegistryAdvisory[]} reported
 * @param {Advisory[]} advisories
 */
export function judgeRegistry(reported, advisories) {
  return reported
    .map((r) => {
      const listed = advisories.find(
        (a) => a.package === r.package && (a.id === r.id || (a.aliases ?? []).includes(r.id)),
      );
      return {
        ...r,
        accepted: listed?.accepted,
        failing: FAILING_SEVERITIES.has(r.severity) && !listed?.accepted,
      };
    })
    .sort((a, b) => bySeverityThenName({ advisory: a }, { advisory: b }));
}
