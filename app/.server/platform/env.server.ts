import { z } from "zod";

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z.string().url().optional(),
    DATA_DIR: z.string().min(1).default("./data"),
    /** Comma-separated; the first signs new cookies, all are accepted (rotation). */
    SESSION_SECRETS: z.string().optional(),
    /** "0" skips the demo data on an empty database. */
    SEED_DEMO: z.enum(["0", "1"]).default("1"),
    /** Set to "1" when served over HTTPS (a proxy in front): cookies become Secure. */
    SECURE_COOKIES: z.enum(["0", "1"]).optional(),
    /**
     * "1" when exactly one reverse proxy or load balancer sits in front and sets X-Forwarded-For/-Proto/
     * -Host: only then are those headers believed (client IP for rate limits, origin for CSRF checks).
     */
    TRUST_PROXY: z.enum(["0", "1"]).default("0"),
    DB_POOL_MAX: z.coerce.number().int().positive().default(10),
    /** The longest one SQL statement may run, in ms (raise it for a long migration on a big database). */
    DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(1000).default(15_000),
    /** How long to wait for a new database connection to open, in ms (a free one from the pool: a statement's time). */
    DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
    /** smtp:// or smtps:// with credentials; unset = emails only go to the log and the outbox page. */
    SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
    /** The From of every email, e.g. `Toi <no-reply@example.kz>`; required with SMTP_URL. */
    MAIL_FROM: z.string().min(3).optional(),
    /** "0" keeps this process from sending the outbox (tests, or instances that only serve pages). */
    EMAIL_WORKER: z.enum(["0", "1"]).default("1"),
    /** "0" keeps this process from running background jobs (diploma batches, exports); any number may. */
    JOB_WORKER: z.enum(["0", "1"]).default("1"),
    /**
     * The address people reach Toi at (e.g. `https://toi.example.kz`): links in emails point there and
     * forms are accepted only from its origin. See `publicUrl` for what happens without it.
     */
    PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
    /** The port server.mjs listens on; without PUBLIC_URL, production links point to localhost on it. */
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    /** Uploaded artwork images (kept outside public/: they are served only through permission checks). */
    UPLOAD_DIR: z.string().min(1).default("./uploads"),
    /**
     * With S3_BUCKET, uploads live in that S3-compatible bucket (every instance shares it) instead of
     * UPLOAD_DIR; they are still served only through Toi's permission checks. `npm run uploads:to-s3`
     * copies an existing UPLOAD_DIR into it.
     */
    S3_BUCKET: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "a bucket name: 3-63 lowercase letters, digits, dots and hyphens")
      .optional(),
    /** The S3 server's address (MinIO, Garage, Ceph, a cloud's S3); unset means AWS S3 itself. */
    S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
    S3_REGION: z.string().min(1).default("us-east-1"),
    /** Unset: the AWS SDK's own chain (AWS_* variables, an instance role). Set both or neither. */
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    /** "1" addresses the bucket as `endpoint/bucket/key` (MinIO needs it) instead of `bucket.endpoint/key`. */
    S3_FORCE_PATH_STYLE: z.enum(["0", "1"]).default("0"),
    /** The federation's address for questions about Toi and personal data, shown on /contact. */
    CONTACT_EMAIL: z.email().optional(),
    /** Sent (and failed) emails are deleted this many days after they were sent (or written). */
    EMAIL_RETENTION_DAYS: z.coerce.number().int().min(1).default(90),
    /** Background jobs that ended (and the files they made) are deleted this many days later. */
    JOB_RETENTION_DAYS: z.coerce.number().int().min(1).default(14),
    /** How often housekeeping runs (one instance at a time): expired sessions, used links, old emails. */
    HOUSEKEEPING_INTERVAL_MINUTES: z.coerce.number().int().min(1).default(60),
  })
  .refine((env) => !env.SMTP_URL || env.MAIL_FROM, { message: "required when SMTP_URL is set", path: ["MAIL_FROM"] })
  .refine((env) => !(env.S3_ENDPOINT || env.S3_ACCESS_KEY_ID || env.S3_SECRET_ACCESS_KEY) || env.S3_BUCKET, {
    message: "required when other S3_* settings are given",
    path: ["S3_BUCKET"],
  })
  .refine((env) => !env.S3_ACCESS_KEY_ID === !env.S3_SECRET_ACCESS_KEY, {
    message: "S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together",
    path: ["S3_SECRET_ACCESS_KEY"],
  });

export type Env = z.infer<typeof schema>;

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  // An empty value is an unset one (`SECURE_COOKIES=` in an .env file): its default applies.
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(source).filter(([, value]) => value !== "")));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${problems}`);
  }
  return parsed.data;
}

/**
 * Toi's public address as configured, without a trailing slash: PUBLIC_URL; in production without
 * it, `http://localhost:$PORT` (boot warns about that); in development and tests, undefined, and the
 * request's own origin stands in. A request's Host header is never trusted in production: whoever
 * sends the request chooses it, and a password-reset link built from it could point anywhere.
 */
export function publicUrl(env: Env): string | undefined {
  if (env.PUBLIC_URL) return env.PUBLIC_URL.replace(/\/+$/, "");
  if (env.NODE_ENV === "production") return `http://localhost:${env.PORT}`;
  return undefined;
}
