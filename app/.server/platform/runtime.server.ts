import { type Cookie, createCookie } from "@remix-run/node";

import { ensureConsentTexts } from "#db/seed/consent-texts";
import { DEMO_ACCOUNTS, type DemoAccount, seedDemo } from "#db/seed/demo";

import { hashPassword } from "../accounts/password.server";
import { JOB_HANDLERS } from "../jobs/kinds.server";
import { queueClubDigests } from "../registration/club-digest.server";
import { removeOpsToken, writeOpsToken } from "./backup/ops-token.server";
import { type ChangeFeed, type ChangeSource, PUBLIC_CHANGES_CHANNEL } from "./change-feed.server";
import { type DB, migrateToLatest, type OpenDatabase, openDatabase } from "./db.server";
import { createMailTransport } from "./email/transport.server";
import { type EmailWorker, startEmailWorker } from "./email/worker.server";
import { type Env, publicUrl, readEnv } from "./env.server";
import { type HousekeepingTimer, startHousekeeping } from "./housekeeping.server";
import { type JobWorker, startJobWorker } from "./jobs/worker.server";
import { log } from "./logger.server";
import { storedSecret } from "./stored-secret.server";
import { deleteStoredFile } from "./uploads/files.server";
import { bucketStore, s3SettingsFromEnv, type UploadStore, uploadStoreFromEnv } from "./uploads/store.server";

export interface Runtime {
  db: DB;
  engine: "pglite" | "postgres";
  poolStats: OpenDatabase["poolStats"];
  env: Env;
  /** Where uploaded files live: UPLOAD_DIR, or the S3 bucket every instance shares. */
  uploads: UploadStore;
  sessionCookie: Cookie;
  /** Sends the outbox in the background; absent with EMAIL_WORKER=0. */
  emailWorker?: EmailWorker;
  /** Runs background jobs; absent with JOB_WORKER=0. */
  jobWorker?: JobWorker;
  housekeeping: HousekeepingTimer;
  /** Changes to what public pages show, as they commit (the page cache's freshness). */
  publicChanges: ChangeFeed;
  /** Stops hearing them. */
  closePublicChanges(): Promise<void>;
  close(): Promise<void>;
}

export interface BootReport {
  engine: "pglite" | "postgres";
  migrations: string[];
  seeded: boolean;
  demoAccounts: DemoAccount[];
}

// One runtime per process, kept on globalThis so that Vite's module reloads in development
// reuse the open database instead of opening (and locking) it twice.
const holder = globalThis as typeof globalThis & { __toiRuntime?: Promise<Runtime>; __toiStopping?: boolean };

export const SESSION_MAX_AGE_SECONDS = 60 * 60 * 24 * 14;

/** Opens the database, migrates, seeds demo data on an empty database, and prepares cookies. */
export async function boot(source: NodeJS.ProcessEnv = process.env): Promise<BootReport> {
  if (holder.__toiRuntime) {
    const rt = await holder.__toiRuntime;
    return { engine: rt.engine, migrations: [], seeded: false, demoAccounts: await demoAccountsIn(rt.db) };
  }
  let report: BootReport | undefined;
  holder.__toiRuntime = (async () => {
    const env = readEnv(source);
    warnWithoutPublicUrl(env);
    const opened = await openDatabase({
      databaseUrl: env.DATABASE_URL,
      dataDir: env.DATA_DIR,
      poolMax: env.DB_POOL_MAX,
      timeouts: { statementTimeoutMs: env.DB_STATEMENT_TIMEOUT_MS, connectTimeoutMs: env.DB_CONNECT_TIMEOUT_MS },
    });
    let changes: ChangeSource | undefined;
    try {
      const uploads = await openUploads(env);
      if (opened.engine === "pglite" && !env.DATA_DIR.startsWith("memory://")) writeOpsToken(env.DATA_DIR);
      const migrations = await migrateToLatest(opened.db);
      changes = await opened.listen(PUBLIC_CHANGES_CHANNEL, (message, err) => log().warn({ err }, message));
      await ensureConsentTexts(opened.db);
      const seeded = env.SEED_DEMO === "1" ? await seedDemo(opened.db, hashPassword, new Date(), { uploads }) : false;
      // Without SESSION_SECRETS, one random secret kept in the database: every instance shares it.
      const secrets = env.SESSION_SECRETS?.split(",")
        .map((s) => s.trim())
        .filter(Boolean) ?? [await storedSecret(opened.db, "session_secret")];
      const sessionCookie = createCookie("toi_session", {
        secrets,
        httpOnly: true,
        sameSite: "lax",
        path: "/",
        secure: env.SECURE_COOKIES === "1",
        maxAge: SESSION_MAX_AGE_SECONDS,
      });
      report = { engine: opened.engine, migrations, seeded, demoAccounts: await demoAccountsIn(opened.db) };
      const baseUrl = publicUrl(env) ?? `http://localhost:${env.PORT}`;
      const emailWorker =
        env.EMAIL_WORKER === "0"
          ? undefined
          : startEmailWorker(opened.db, createMailTransport(env), {
              scheduled: [
                { name: "club digests", everyMs: 60_000, run: () => queueClubDigests(opened.db, { baseUrl }) },
              ],
            });
      const jobWorker =
        env.JOB_WORKER === "0"
          ? undefined
          : startJobWorker(opened.db, JOB_HANDLERS, {
              uploads,
              logError: (message, err) => log().error({ err }, message),
            });
      const housekeeping = startHousekeeping(
        opened.db,
        {
          emailRetentionDays: env.EMAIL_RETENTION_DAYS,
          jobRetentionDays: env.JOB_RETENTION_DAYS,
          intervalMs: env.HOUSEKEEPING_INTERVAL_MINUTES * 60_000,
          deleteJobFile: (file) => deleteStoredFile(uploads, file),
        },
        {
          onRun: (run) => {
            if (run.ran) log().info({ purged: run.purged }, "housekeeping: purged expired data");
          },
          onError: (err) => log().error({ err }, "housekeeping failed; will try again"),
        },
      );
      return {
        ...opened,
        env,
        uploads,
        sessionCookie,
        emailWorker,
        jobWorker,
        housekeeping,
        publicChanges: changes.feed,
        closePublicChanges: () => changes!.close(),
      };
    } catch (err) {
      await changes?.close();
      await opened.close();
      throw err;
    }
  })();
  try {
    await holder.__toiRuntime;
  } catch (err) {
    holder.__toiRuntime = undefined;
    throw err;
  }
  return report!;
}

export async function runtime(): Promise<Runtime> {
  if (!holder.__toiRuntime) throw new Error("Toi has not booted: call boot() before serving requests.");
  return holder.__toiRuntime;
}

export async function getDb(): Promise<DB> {
  return (await runtime()).db;
}

/**
 * The process is going down: /healthz answers 503 from now on so load balancers send no new work,
 * while requests already in flight finish. Kept on globalThis like the runtime itself.
 */
export function beginShutdown(): void {
  holder.__toiStopping = true;
}

export function isShuttingDown(): boolean {
  return holder.__toiStopping === true;
}

export async function shutdown(): Promise<void> {
  const rt = holder.__toiRuntime;
  holder.__toiRuntime = undefined;
  if (!rt) return;
  const running = await rt;
  await running.emailWorker?.stop();
  await running.jobWorker?.stop();
  await running.housekeeping.stop();
  await running.closePublicChanges();
  await running.close();
  if (running.engine === "pglite" && !running.env.DATA_DIR.startsWith("memory://"))
    removeOpsToken(running.env.DATA_DIR);
}

/** In production, links in emails without PUBLIC_URL point to localhost: nobody else can follow them. */
export function warnWithoutPublicUrl(env: Env, logger = log()): void {
  if (env.NODE_ENV !== "production" || env.PUBLIC_URL) return;
  logger.warn(
    { publicUrl: publicUrl(env) },
    `PUBLIC_URL is not set: links in emails point to ${publicUrl(env)}. Set PUBLIC_URL to the address people reach Toi at.`,
  );
}

/** The uploads store; a bucket that is missing or refuses these credentials stops the boot, named. */
async function openUploads(env: Env): Promise<UploadStore> {
  if (!env.S3_BUCKET) return uploadStoreFromEnv(env);
  const bucket = bucketStore(s3SettingsFromEnv(env));
  await bucket.check();
  log().info({ uploads: bucket.description }, "uploads are kept in object storage");
  return bucket;
}

async function demoAccountsIn(db: DB): Promise<DemoAccount[]> {
  const rows = await db.selectFrom("users").select("email").where("is_demo", "=", true).execute();
  const present = new Set(rows.map((r) => r.email));
  return DEMO_ACCOUNTS.filter((a) => present.has(a.email));
}
