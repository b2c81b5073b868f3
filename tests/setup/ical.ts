import { execFileSync, spawnSync } from "node:child_process";
import path from "node:path";

/*
 * A real iCalendar parser for the calendar tests: Debian's python3-icalendar, driven by
 * ical-strict.py. Tests that need it skip, saying so, where it is not installed.
 */

export interface ParsedCalendar {
  name: string;
  events: { uid: string; summary: string; location: string; start: string; end: string | null; allDay: boolean }[];
}

const SCRIPT = path.join(import.meta.dirname, "ical-strict.py");

/** A Python that can import icalendar (pyenv's python3 may shadow Debian's), or null. */
export const icalendarPython: string | null =
  ["python3", "/usr/bin/python3"].find((python) => spawnSync(python, ["-c", "import icalendar"]).status === 0) ?? null;

export const NO_ICALENDAR =
  "python3-icalendar is not installed (apt-get install python3-icalendar): the strict iCalendar check is skipped";

/** Parses `text` strictly; throws with the parser's reason when the file is not valid iCalendar. */
export function parseStrictly(text: string): ParsedCalendar {
  if (!icalendarPython) throw new Error(NO_ICALENDAR);
  const out = execFileSync(icalendarPython, [SCRIPT], { input: Buffer.from(text, "utf8"), encoding: "utf8" });
  return JSON.parse(out) as ParsedCalendar;
}
