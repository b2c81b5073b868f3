import { describe, expect, test } from "vitest";

import { readForm } from "./forms";
import { readIntent } from "./intents";
import { redirectWithNotice } from "./notices";
import { badRequestReason, invariantResponse, notFound } from "./responses";

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

describe("readForm", () => {
  const post = (body: BodyInit | null, type?: string) =>
    new Request("http://toi.test/x", { method: "POST", body, headers: type ? { "Content-Type": type } : {} });
  const refusal = async (request: Request) => {
    try {
      await readForm(request);
    } catch (err) {
      if (err instanceof Response) return { status: err.status, reason: badRequestReason(await err.text()) };
      throw err;
    }
    return null;
  };

  test("reads urlencoded and multipart forms, tabs and line breaks included", async () => {
    const multipart = new FormData();
    multipart.set("note", "line one\r\nline\ttwo");
    expect((await readForm(post(multipart))).get("note")).toBe("line one\r\nline\ttwo");
    const urlencoded = await readForm(post(new URLSearchParams({ name: "Әлия" })));
    expect(urlencoded.get("name")).toBe("Әлия");
  });

  test("a body that is not a form is a 415, whatever it holds", async () => {
    for (const [body, type] of [
      ['{"intent":"save"}', "application/json"],
      ["intent=save", "text/plain"],
      ["<a/>", "application/xml"],
      ["intent=save", undefined],
    ] as const)
      expect(await refusal(post(body, type))).toEqual({ status: 415, reason: undefined });
  });

  test("a damaged multipart body is a 400 that says so", async () => {
    const damaged = '--B\r\nContent-Disposition: form-data; name="intent"\r\n\r\nsave\r\n--';
    expect(await refusal(post(damaged, "multipart/form-data; boundary=B"))).toEqual({
      status: 400,
      reason: "malformedForm",
    });
    expect(await refusal(post("intent=save", "multipart/form-data"))).toEqual({ status: 400, reason: "malformedForm" });
  });

  test("control characters in a value, a name or a file name are a 400 that says so", async () => {
    for (const value of ["a\u0000b", "\u001b[31m", "a\u007fb", "a\u0085b", "a\u000bb"])
      expect(await refusal(post(new URLSearchParams({ name: value })))).toEqual({
        status: 400,
        reason: "controlCharacters",
      });
    expect(await refusal(post(new URLSearchParams({ "na\u0000me": "x" })))).toMatchObject({ status: 400 });
    const withFile = new FormData();
    withFile.set("artwork", new File(["x"], "evil\u0000.png", { type: "image/png" }));
    expect(await refusal(post(withFile))).toEqual({ status: 400, reason: "controlCharacters" });
  });
});
