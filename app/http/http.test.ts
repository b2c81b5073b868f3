import { describe, expect, test } from "vitest";

import { readIntent } from "./intents";
import { redirectWithNotice } from "./notices";
import { invariantResponse, notFound } from "./responses";

const form = (intent?: string) => {
  const data = new FormData();
  if (intent !== undefined) data.set("intent", intent);
  return data;
};

describe("readIntent", () => {
  test("returns a known intent and throws a 400 for an unknown or missing one", () => {
    expect(readIntent(form("save"), ["save", "remove"] as const)).toBe("save");
    for (const bad of [form("drop"), form(), form("__proto__")]) {
      let thrown: unknown;
      try {
        readIntent(bad, ["save", "remove"] as const);
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(Response);
      expect((thrown as Response).status).toBe(400);
    }
  });
});

describe("redirectWithNotice", () => {
  test("keeps the path's own query, adds the notice and extras, and never a host", () => {
    const res = redirectWithNotice(
      "/organiser/events/3/schedule?round=7",
      "published",
      { count: 12, skip: undefined },
      "stage-2",
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/organiser/events/3/schedule?round=7&notice=published&count=12#stage-2");
  });
});

describe("response helpers", () => {
  test("notFound is a 404 and invariantResponse throws one unless its condition holds", () => {
    expect(notFound().status).toBe(404);
    expect(() => invariantResponse(1)).not.toThrow();
    expect(() => invariantResponse(null)).toThrow(Response);
  });
});
