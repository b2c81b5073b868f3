// The season bench (issue 14): `npm run bench -- --only=season`, or as part of `npm run bench`.
//
// On the bench's Toi server (built, production mode, PostgreSQL), a whole season is built through
// Toi's own use-cases (tests/bench/season-bench.ts: 10,000 entries from 100 clubs, 120,000 scores,
// results, advancement, a running order of 5,000 performances). Then, as its users would:
// - the organiser's, judge's and club leader's pages that list entries are fetched, each
//   SEASON_FETCHES times: their p95 time and the largest page;
// - the running-order editor on the final (5,000 performances);
// - a batch of the remote round's diplomas runs as a background job on the server while a page is
//   fetched again and again: the batch's time, and the p99 of those fetches;
// - the server's peak resident memory (VmHWM, worker threads included) over the whole season, and
//   whether it crashed.
// BENCH_SEASON_CLUBS (default 100, × 100 children) makes a smaller season for a quick try.
import fs from "node:fs";
import path from "node:path";

const SEASON_FETCHES = 10;
const BATCH_DEADLINE_MS = 10 * 60_000;

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
const round1 = (n) => Math.round(n * 10) / 10;

/** The server's peak resident set (VmHWM) in MB, from /proc; null where there is no /proc. */
function peakRssMb(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
    return Number.isFinite(kb) ? round1(kb / 1024) : null;
  } catch {
    return null;
  }
}

export async function seasonMeasurement(ctx) {
  const { createServer } = await import("vite");
  const { createCookie } = await import("@remix-run/node");
  const vite = await createServer({
    root: ctx.root,
    configFile: false,
    logLevel: "error",
    appType: "custom",
    server: { middlewareMode: true, hmr: false, watch: null },
    optimizeDeps: { noDiscovery: true, include: [] },
    resolve: { alias: { "~": path.join(ctx.root, "app"), "#db": path.join(ctx.root, "db") } },
  });
  let opened;
  try {
    const { openDatabase } = await vite.ssrLoadModule("/app/.server/platform/db.server.ts");
    const { buildSeason, FULL_SEASON } = await vite.ssrLoadModule("/tests/bench/season-bench.ts");
    const { startEventJob } = await vite.ssrLoadModule("/app/.server/jobs/event-jobs.server.ts");
    opened = await openDatabase({ databaseUrl: ctx.databaseUrl, poolMax: 4 });
    const db = opened.db;

    const clubs = Number(process.env.BENCH_SEASON_CLUBS) || FULL_SEASON.clubs;
    console.log(`== season: building ${clubs} clubs × ${FULL_SEASON.childrenPerClub} children through the use-cases …`);
    const season = await buildSeason(db, { ...FULL_SEASON, clubs }, (line) => console.log(line));
    console.log(
      `   ${season.entries} entries, ${season.scores} scores, ${season.advanced} advanced, ` +
        `${season.slotsPlaced} performances placed in the final's draft`,
    );

    // Signed exactly as Toi signs its own (runtime.server.ts), with the secret the bench gave it.
    const sessionCookie = createCookie("toi_session", {
      secrets: [ctx.sessionSecret],
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: false,
      maxAge: 60 * 60 * 24 * 14,
    });
    const cookie = async (token) => (await sessionCookie.serialize(token)).split(";")[0];
    const as = {
      organiser: await cookie(season.tokens.organiser),
      judge: await cookie(season.tokens.judge),
      clubLeader: await cookie(season.tokens.clubLeader),
    };
    const e = `/organiser/events/${season.eventId}`;
    const pages = [
      ["organiser", `${e}/entries`],
      ["organiser", `${e}/entries?page=100`],
      ["organiser", `${e}/entries?status=confirmed&sort=-submitted`],
      ["organiser", `${e}/dashboard`],
      ["organiser", `${e}/results`],
      ["organiser", `${e}/results/${season.sectionId}`],
      ["organiser", `${e}/results/advance?round=${season.remoteRoundId}`],
      ["organiser", `${e}/results/advance?round=${season.remoteRoundId}&section=${season.sectionId}`],
      ["organiser", `${e}/jury/panels`],
      ["organiser", `${e}/jobs`],
      ["judge", `/judge/panels/${season.judgeAssignmentId}`],
      ["judge", `/judge`],
      ["clubLeader", `/clubs/${season.clubId}`],
      ["clubLeader", `/entries`],
    ];
    const fetchPage = async (who, pathname) => {
      const started = performance.now();
      const res = await fetch(ctx.origin + pathname, {
        headers: { cookie: as[who], "accept-language": "ru" },
        redirect: "manual",
        signal: AbortSignal.timeout(60_000),
      });
      const body = Buffer.from(await res.arrayBuffer());
      const ms = performance.now() - started;
      if (res.status !== 200) throw new Error(`GET ${pathname} as ${who} answered ${res.status}`);
      return { ms, bytes: body.length };
    };

    const times = [];
    let largest = { bytes: 0, pathname: "" };
    for (const [who, pathname] of pages) {
      const mine = [];
      for (let i = 0; i < SEASON_FETCHES; i++) {
        const { ms, bytes } = await fetchPage(who, pathname);
        mine.push(ms);
        if (bytes > largest.bytes) largest = { bytes, pathname };
      }
      mine.sort((a, b) => a - b);
      times.push(...mine);
      const last = await fetchPage(who, pathname);
      console.log(`   ${pathname}: median ${Math.round(quantile(mine, 0.5))} ms, ${Math.round(last.bytes / 1024)} KB`);
    }
    times.sort((a, b) => a - b);

    const runningOrder = [];
    for (let i = 0; i < 3; i++)
      runningOrder.push((await fetchPage("organiser", `${e}/schedule?round=${season.finalRoundId}`)).ms);
    runningOrder.sort((a, b) => a - b);
    console.log(`   running order (${season.slotsPlaced} placed): median ${Math.round(runningOrder[1])} ms`);

    // The remote round's diplomas as a background job on the server, while a page is fetched.
    const jobId = await startEventJob(db, {
      eventId: season.eventId,
      userId: null,
      kind: "diplomas",
      payload: { roundId: season.remoteRoundId, locale: "ru" },
    });
    if (jobId === null) throw new Error("the diplomas job was refused");
    const during = [];
    const deadline = Date.now() + BATCH_DEADLINE_MS;
    let job;
    for (;;) {
      job = await db
        .selectFrom("jobs")
        .select(["state", "progress_done", "started_at", "finished_at", "last_error"])
        .where("id", "=", jobId)
        .executeTakeFirstOrThrow();
      if (!["queued", "running"].includes(job.state) || Date.now() > deadline) break;
      during.push((await fetchPage("organiser", `${e}/entries`)).ms);
      await new Promise((r) => setTimeout(r, 50));
    }
    if (job.state !== "done") throw new Error(`the diploma batch ended ${job.state}: ${job.last_error ?? "deadline"}`);
    const batchSeconds = (job.finished_at.getTime() - job.started_at.getTime()) / 1000;
    during.sort((a, b) => a - b);
    console.log(
      `   diplomas: ${job.progress_done} in ${round1(batchSeconds)} s; meanwhile ${during.length} page fetches, ` +
        `p99 ${Math.round(quantile(during, 0.99))} ms`,
    );

    const rss = peakRssMb(ctx.serverPid);
    const crashes = ctx.serverCrashes();
    console.log(`   server peak RSS ${rss ?? "unknown"} MB; crashes ${crashes}; largest page ${largest.pathname}`);

    return [
      { name: "season.entries", value: season.entries, unit: "count", limit: null, ratio: null },
      { name: "season.pages.p95_ms", value: Math.round(quantile(times, 0.95)), unit: "ms", limit: 300, ratio: null },
      { name: "season.page_max_kb", value: Math.round(largest.bytes / 1024), unit: "KB", limit: 300, ratio: null },
      {
        name: "season.running_order_page_ms",
        value: Math.round(runningOrder[1]),
        unit: "ms",
        limit: 300,
        ratio: null,
      },
      { name: "season.diplomas", value: job.progress_done, unit: "count", limit: null, ratio: null },
      {
        name: "season.diplomas_3000_s",
        // Scaled to 3,000 diplomas, the size the issue names, from the batch the season gave.
        value: round1((batchSeconds * 3000) / Math.max(1, job.progress_done)),
        unit: "s",
        limit: 120,
        ratio: null,
      },
      {
        name: "season.p99_during_batch_ms",
        value: Math.round(quantile(during, 0.99)),
        unit: "ms",
        limit: 200,
        ratio: null,
      },
      { name: "season.rss_peak_mb", value: rss ?? -1, unit: "MB", limit: 512, ratio: null },
      { name: "season.crashes", value: crashes, unit: "count", limit: 0, ratio: null },
    ];
  } finally {
    await opened?.close();
    await vite.close();
  }
}
