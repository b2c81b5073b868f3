/**
 * Remix's handleError (app/entry.server.tsx): a failure is logged as an error with its stack, a
 * refused request (404, 403, 400) as one quiet info line without one, and an abandoned request not
 * at all. The pretty format (development) prints the same lines readably.
 */
import { Writable } from "node:stream";

import { afterEach, beforeEach, describe, expect, test } from "vitest";

import { handleError } from "~/entry.server";
import { forbidden, notFound } from "~/http/responses";

import { createLogger, requestScope } from "./logger.server";

const holder = globalThis as typeof globalThis & { __toiLogger?: ReturnType<typeof createLogger> };

function capture(): { lines: Record<string, unknown>[]; text: () => string; destination: Writable } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return {
    destination,
    text: () => chunks.join(""),
    get lines() {
      return chunks
        .join("")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    },
  };
}

const args = (url = "http://toi.test/events/x?token=secret", signal?: AbortSignal) =>
  ({ request: new Request(url, { signal }), params: {}, context: {} }) as Parameters<typeof handleError>[1];

describe("handleError", () => {
  let out: ReturnType<typeof capture>;
  let previous: typeof holder.__toiLogger;
  beforeEach(() => {
    previous = holder.__toiLogger;
    out = capture();
    holder.__toiLogger = createLogger({ destination: out.destination });
  });
  afterEach(() => {
    holder.__toiLogger = previous;
  });

  test("logs a failure as an error with its stack and the request's id, without the query string", () => {
    requestScope.run({ requestId: "req-abcdef12" }, () => handleError(new Error("the database fell over"), args()));
    expect(out.lines).toHaveLength(1);
    const line = out.lines[0]!;
    expect(line).toMatchObject({ level: 50, reqId: "req-abcdef12", path: "/events/x", msg: "request failed" });
    expect((line.err as { stack: string }).stack).toMatch(/the database fell over\n\s+at /);
    expect(out.text()).not.toContain("secret");
  });

  test("logs a 404 or 403 as one quiet info line, without a stack", () => {
    handleError(notFound(), args());
    handleError(forbidden(), args("http://toi.test/admin"));
    expect(out.lines.map((l) => [l.level, l.status, l.msg])).toEqual([
      [30, 404, "refused"],
      [30, 403, "refused"],
    ]);
    expect(out.text()).not.toContain("stack");
  });

  test("says nothing about a request the client abandoned", () => {
    const controller = new AbortController();
    controller.abort();
    handleError(new Error("aborted"), args(undefined, controller.signal));
    expect(out.text()).toBe("");
  });
});

describe("the pretty log (development)", () => {
  test("prints readable lines, not JSON, with the request id", () => {
    const out = capture();
    const logger = createLogger({ pretty: true, destination: out.destination });
    requestScope.run({ requestId: "req-pretty01" }, () => logger.info({ route: "/events/:slug" }, "request"));
    const text = out.text();
    expect(text).toContain("INFO");
    expect(text).toContain("request");
    expect(text).toContain("req-pretty01");
    expect(() => JSON.parse(text)).toThrow();
  });
});
