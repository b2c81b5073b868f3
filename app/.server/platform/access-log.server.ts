/**
 * The first middleware of every request: gives it an id (kept from a trusted proxy's X-Request-Id,
 * else a new one), returns it in `X-Request-Id`, runs the rest of the request inside that id's scope
 * so every log line carries it, and writes one access-log line and the request metrics when the
 * response is finished: method, route pattern, status, duration and user (or anonymous).
 * Query strings are never logged: reset and invitation tokens travel in them.
 */
import crypto from "node:crypto";

import type { ServerBuild } from "@remix-run/node";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";

import { log, type RequestScope, requestScope } from "./logger.server";
import { recordRequest } from "./metrics.server";
import { routeMatcher } from "./route-patterns.server";

const INCOMING_ID = /^[A-Za-z0-9._-]{8,128}$/;

export function requestLogging(build: ServerBuild, { trustProxy = process.env.TRUST_PROXY === "1" } = {}) {
  const routeOf = routeMatcher(build.routes);
  return (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    const incoming = trustProxy ? req.get("x-request-id") : undefined;
    const scope: RequestScope = {
      requestId: incoming && INCOMING_ID.test(incoming) ? incoming : crypto.randomUUID(),
    };
    res.setHeader("X-Request-Id", scope.requestId);
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = req.path.startsWith("/assets/") ? "/assets/*" : routeOf(req.path);
      recordRequest(route, req.method, res.statusCode, seconds);
      requestScope.run(scope, () =>
        log().info(
          {
            method: req.method,
            route,
            status: res.statusCode,
            ms: Math.round(seconds * 1000),
            user: scope.userId ?? "anonymous",
          },
          "request",
        ),
      );
    });
    requestScope.run(scope, next);
  };
}
