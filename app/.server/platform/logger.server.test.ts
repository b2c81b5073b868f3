import { Writable } from "node:stream";

import { describe, expect, test } from "vitest";

import { createLogger, noteRequestUser, requestScope } from "./logger.server";
import { mayReadMetrics } from "./metrics.server";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, destination };
}

describe("the log", () => {
  test("is one JSON object per line, with the request's id on every line written inside it", () => {
    const { lines, destination } = capture();
    const logger = createLogger({ destination });
    logger.info("outside");
    requestScope.run({ requestId: "req-123456" }, () => {
      noteRequestUser(42);
      logger.info({ route: "/events/:slug" }, "inside");
    });
    expect(lines[0]).not.toHaveProperty("reqId");
    expect(lines[1]).toMatchObject({ reqId: "req-123456", route: "/events/:slug", msg: "inside", app: "toi" });
  });

  test("redacts cookies, authorisation, tokens and passwords wherever they appear", () => {
    const { lines, destination } = capture();
    createLogger({ destination }).info({
      req: { headers: { cookie: "toi_session=abc", authorization: "Bearer xyz", "user-agent": "ua" } },
      body: { email: "a@b.kz", password: "hunter22", token: "t0k3n" },
    });
    const text = JSON.stringify(lines[0]);
    for (const secret of ["toi_session=abc", "Bearer xyz", "hunter22", "t0k3n"]) expect(text).not.toContain(secret);
    expect(text).toContain("a@b.kz");
    expect(text).toContain('"user-agent":"ua"');
  });
});

describe("who may read /metrics", () => {
  test("loopback callers that no proxy relayed, or the bearer of METRICS_TOKEN", () => {
    expect(mayReadMetrics({ remoteAddress: "127.0.0.1", forwarded: false }, undefined)).toBe(true);
    expect(mayReadMetrics({ remoteAddress: "::1", forwarded: false }, undefined)).toBe(true);
    expect(mayReadMetrics({ remoteAddress: "127.0.0.1", forwarded: true }, undefined)).toBe(false);
    expect(mayReadMetrics({ remoteAddress: "10.1.2.3", forwarded: false }, undefined)).toBe(false);
    expect(
      mayReadMetrics({ remoteAddress: "10.1.2.3", forwarded: true, authorization: "Bearer s3cret" }, "s3cret"),
    ).toBe(true);
    expect(
      mayReadMetrics({ remoteAddress: "10.1.2.3", forwarded: true, authorization: "Bearer wrong!" }, "s3cret"),
    ).toBe(false);
  });
});
