/**
 * GET /metrics in Prometheus text format (prom-client), one set per instance: Prometheus scrapes
 * each instance, so nothing here needs sharing. Served to loopback callers that did not come through
 * a proxy, or to anyone with `Authorization: Bearer $METRICS_TOKEN`; everyone else gets a 404.
 */
import crypto from "node:crypto";

import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import client from "prom-client";

import { runtime } from "./runtime.server";

const holder = globalThis as typeof globalThis & { __toiMetrics?: ReturnType<typeof createMetrics> };

function createMetrics() {
  const registry = new client.Registry();
  // Process metrics, event-loop lag (nodejs_eventloop_lag_seconds and its percentiles) among them.
  client.collectDefaultMetrics({ register: registry, prefix: "toi_" });
  const requests = new client.Counter({
    name: "toi_http_requests_total",
    help: "HTTP requests by route pattern, method and status",
    labelNames: ["route", "method", "status"],
    registers: [registry],
  });
  const durations = new client.Histogram({
    name: "toi_http_request_duration_seconds",
    help: "HTTP request duration by route pattern, method and status",
    labelNames: ["route", "method", "status"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5, 10],
    registers: [registry],
  });
  const pageCache = new client.Counter({
    name: "toi_page_cache_total",
    help: "Anonymous public page views by outcome: hit (served from memory) or miss (rendered)",
    labelNames: ["outcome"],
    registers: [registry],
  });
  new client.Gauge({
    name: "toi_db_pool_connections",
    help: "Database pool connections by state (in_use, idle) and requests waiting for one",
    labelNames: ["state"],
    registers: [registry],
    async collect() {
      const stats = (await runtime()).poolStats();
      this.set({ state: "in_use" }, stats.total - stats.idle);
      this.set({ state: "idle" }, stats.idle);
      this.set({ state: "waiting" }, stats.waiting);
    },
  });
  new client.Gauge({
    name: "toi_db_pool_errors_total",
    help: "Database connection failures seen by this instance since it started",
    registers: [registry],
    async collect() {
      this.set((await runtime()).poolStats().errors);
    },
  });
  new client.Gauge({
    name: "toi_outbox_messages",
    help: "Emails in the outbox by status (queued, sent, failed)",
    labelNames: ["status"],
    registers: [registry],
    async collect() {
      const rows = await (
        await runtime()
      ).db
        .selectFrom("outbox")
        .select(["status", (eb) => eb.fn.countAll<number>().as("n")])
        .groupBy("status")
        .execute();
      this.reset();
      for (const row of rows) this.set({ status: row.status }, Number(row.n));
    },
  });
  return { registry, requests, durations, pageCache };
}

export function metrics() {
  holder.__toiMetrics ??= createMetrics();
  return holder.__toiMetrics;
}

export function recordRequest(route: string, method: string, status: number, seconds: number): void {
  const labels = { route, method, status: String(status) };
  metrics().requests.inc(labels);
  metrics().durations.observe(labels, seconds);
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

/** Loopback and not relayed by a proxy on the same machine, or the right bearer token. */
export function mayReadMetrics(
  request: { remoteAddress?: string; forwarded: boolean; authorization?: string },
  token: string | undefined,
): boolean {
  if (token) {
    const given = Buffer.from(request.authorization ?? "");
    const expected = Buffer.from(`Bearer ${token}`);
    if (given.length === expected.length && crypto.timingSafeEqual(given, expected)) return true;
  }
  return !request.forwarded && LOOPBACK.has(request.remoteAddress ?? "");
}

export function metricsHandler(token = process.env.METRICS_TOKEN || undefined) {
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    const allowed = mayReadMetrics(
      {
        remoteAddress: req.socket.remoteAddress,
        forwarded: Boolean(req.get("x-forwarded-for") || req.get("forwarded") || req.get("x-real-ip")),
        authorization: req.get("authorization"),
      },
      token,
    );
    if (!allowed) return next();
    try {
      res.set("Content-Type", metrics().registry.contentType);
      res.set("Cache-Control", "no-store");
      res.send(await metrics().registry.metrics());
    } catch (err) {
      next(err);
    }
  };
}
