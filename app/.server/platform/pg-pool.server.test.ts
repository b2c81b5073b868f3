import { describe, expect, test } from "vitest";

import { databaseUnavailable, isConnectionFailure } from "./pg-pool.server";

describe("isConnectionFailure", () => {
  test("tells a lost or unreachable database from a statement the server refused", () => {
    const lost = [
      Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }),
      new Error("Connection terminated unexpectedly"),
      new Error("Query read timeout"),
      new Error("timeout exceeded when trying to connect"),
      new Error("timeout expired"),
      Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }),
      Object.assign(new Error("connection failure"), { code: "08006" }),
    ];
    const refused = [
      Object.assign(new Error("duplicate key value"), { code: "23505" }),
      Object.assign(new Error("canceling statement due to statement timeout"), { code: "57014" }),
      new TypeError("x is not a function"),
      undefined,
      "ECONNRESET",
    ];
    for (const err of lost) expect(isConnectionFailure(err), String(err)).toBe(true);
    for (const err of refused) expect(isConnectionFailure(err), String(err)).toBe(false);
  });

  test("a lost database is a 503 that asks the client to retry", () => {
    const res = databaseUnavailable();
    expect(res.status).toBe(503);
    expect(res.headers.get("Retry-After")).toBe("5");
  });
});
