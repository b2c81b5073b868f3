// Toi's HTTP server: boots the database (lock, migrations, demo data) before it listens, then serves
// the Remix app. `node server.mjs` serves the production build; `node server.mjs --dev` runs Vite.
import http from "node:http";
import process from "node:process";

const dev = process.argv.includes("--dev");
process.env.NODE_ENV ??= dev ? "development" : "production";

const { default: express } = await import("express");
const { createRequestHandler } = await import("@remix-run/express");

const vite = dev
  ? await import("vite").then((v) =>
      v.createServer({
        // HMR_PORT lets several dev servers run side by side (each needs its own PORT and DATA_DIR too).
        server: {
          middlewareMode: true,
          hmr: process.env.HMR_PORT ? { port: Number(process.env.HMR_PORT) } : undefined,
        },
      }),
    )
  : undefined;
const loadBuild = () => (vite ? vite.ssrLoadModule("virtual:remix/server-build") : import("./build/server/index.js"));

let build;
try {
  build = await loadBuild();
} catch (err) {
  if (!dev && err?.code === "ERR_MODULE_NOT_FOUND") {
    console.error("No production build found: run `npm run build` first (or `npm start`, which builds).");
    process.exit(1);
  }
  throw err;
}

const {
  boot,
  beginShutdown,
  shutdown,
  securityMiddleware,
  addressGuard,
  getLoadContext,
  publicPageCache,
  requestLogging,
  metricsHandler,
  backupHandler,
  log,
} = build.entry.module;
let report;
try {
  report = await boot();
} catch (err) {
  if (err?.name === "DataDirLockedError" || (err?.name === "Error" && /Invalid environment/.test(err.message))) {
    console.error(`\n${err.message}\n`);
    process.exit(1);
  }
  throw err;
}

const app = express();
app.disable("x-powered-by");
// One proxy in front (TRUST_PROXY=1): req.ip, req.protocol come from its X-Forwarded-* headers.
if (process.env.TRUST_PROXY === "1") app.set("trust proxy", 1);
// First: a request id, the access-log line and the request metrics, for everything below.
app.use(requestLogging(vite ? await loadBuild() : build));
app.get("/metrics", metricsHandler());
// `npm run backup` while Toi runs on PGlite (one process only): loopback callers with the ops token.
app.get("/_ops/backup", backupHandler());
app.use(securityMiddleware());
app.use(addressGuard());
if (vite) {
  app.use(vite.middlewares);
} else {
  app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
  app.use(express.static("build/client", { maxAge: "1h" }));
}
// Anonymous readers of the home and event pages get a copy that is never older than the data,
// answered before Express runs at all when it is in memory (page-cache.server.ts).
const pageCache = vite ? undefined : await publicPageCache(build);
if (pageCache) app.get("*", pageCache.middleware());
app.all("*", createRequestHandler({ build: vite ? loadBuild : build, mode: process.env.NODE_ENV, getLoadContext }));

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || "0.0.0.0";
const server = http.createServer((req, res) => {
  if (!pageCache?.answer(req, res, () => app(req, res))) app(req, res);
});
server.listen(port, host, () => {
  const where =
    report.engine === "pglite"
      ? `embedded PostgreSQL (PGlite) in ${process.env.DATA_DIR || "./data"}`
      : "PostgreSQL (DATABASE_URL)";
  const lines = [
    "",
    `Toi is running at http://localhost:${port}  (${process.env.NODE_ENV})`,
    `Database: ${where}${report.migrations.length ? `; applied ${report.migrations.length} migration(s)` : ""}${report.seeded ? "; demo data added" : ""}`,
  ];
  if (report.demoAccounts.length) {
    lines.push("Demo sign-ins (demo data only; start a real deployment with SEED_DEMO=0):");
    for (const a of report.demoAccounts)
      lines.push(`  ${a.role.padEnd(9)} ${a.email.padEnd(20)} password: ${a.password}`);
  }
  // The banner is for the person at the terminal; the log line is for the log.
  if (process.stdout.isTTY) console.log(lines.join("\n") + "\n");
  // Demo sign-ins are public demo data: they go in the log line too, for a start without a terminal.
  log().info(
    {
      port,
      engine: report.engine,
      migrations: report.migrations.length,
      seeded: report.seeded,
      demoSignIns: report.demoAccounts.map((a) => `${a.role} ${a.email} ${a.password}`),
    },
    `Toi is listening on ${host}:${port}`,
  );
});

// A stray rejection (a dropped database connection nobody awaited) is logged; it must not take the
// whole site down with it.
process.on("unhandledRejection", (reason) => log().error({ err: reason }, "unhandled rejection"));

// Shutdown: stop accepting connections, let requests in flight finish for up to SHUTDOWN_DRAIN_MS
// (/healthz answers 503 meanwhile, so a load balancer stops sending work), then close the database
// last. Whatever hangs, the process exits: a hard deadline follows the drain.
const DRAIN_MS = Number(process.env.SHUTDOWN_DRAIN_MS || 10_000);
let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  log().info({ signal, drainMs: DRAIN_MS }, "stopping Toi: draining requests");
  const hardStop = setTimeout(() => {
    log().error("shutdown did not finish in time: exiting anyway");
    process.exit(1);
  }, DRAIN_MS + 4_000);
  hardStop.unref();
  beginShutdown();
  const drained = new Promise((resolve) => server.close(resolve));
  server.closeIdleConnections();
  const idleCloser = setInterval(() => server.closeIdleConnections(), 250);
  await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, DRAIN_MS))]);
  clearInterval(idleCloser);
  server.closeAllConnections();
  await vite?.close();
  await Promise.race([shutdown(), new Promise((resolve) => setTimeout(resolve, 3_000))]);
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
